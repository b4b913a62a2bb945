import type { CallHistoryEntry } from '@patchbay/contract';

/**
 * Entries in write order → the latest entry per callId (a later write, e.g. with the disposition,
 * replaces an earlier one), newest call first by startedAt, at most `limit`.
 */
export function latestCalls(entries: readonly CallHistoryEntry[], limit: number): CallHistoryEntry[] {
  const byCall = new Map<string, CallHistoryEntry>();
  for (const entry of entries) byCall.set(entry.callId, entry);
  return [...byCall.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, Math.max(0, limit));
}
