import type { CallHistoryEntry, HistoryPage } from '@patchbay/contract';
import { latestCalls } from '../history.js';
import { fitInReply } from './fit.js';

/** The newest `limit` calls of stored entries, as many as fit in one reply. */
export function historyPage(entries: readonly CallHistoryEntry[], limit: number): Omit<HistoryPage, 'refused'> {
  const wanted = latestCalls(entries, limit);
  const fitted = fitInReply(wanted);
  return { entries: fitted, truncated: fitted.length < wanted.length };
}
