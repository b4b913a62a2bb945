import type { CallHistoryEntry } from '@patchbay/contract';

/**
 * Entries in write order → one entry per callId, merged field by field as the contract says (a
 * later entry's fields over an earlier one's; a field it leaves out keeps its value), newest call
 * first by startedAt, at most `limit`.
 */
export function latestCalls(entries: readonly CallHistoryEntry[], limit: number): CallHistoryEntry[] {
  const byCall = new Map<string, CallHistoryEntry>();
  for (const entry of entries) byCall.set(entry.callId, { ...byCall.get(entry.callId), ...entry });
  return [...byCall.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, Math.max(0, limit));
}
