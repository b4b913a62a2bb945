import type { CallHistoryEntry, LogCallCommand } from '@patchbay/contract';

/** A call's log as its parts (log-call commands from any widget) have built it so far. */
export interface WrapUp {
  disposition?: string;
  notes?: string;
  recordId?: string;
}

const FIELDS = ['disposition', 'notes', 'recordId'] as const;

/**
 * The contract's merge rule for log-call: a field the part carries replaces that field, a field it
 * leaves out keeps its value, so one widget's save never erases another widget's field.
 */
export function mergeWrapUp(before: WrapUp, part: LogCallCommand): WrapUp {
  const merged: WrapUp = { ...before };
  for (const field of FIELDS) {
    const value = part[field];
    if (value !== undefined) merged[field] = value;
  }
  return merged;
}

/** What a history entry already holds of a call's log (the merged log before a reload). */
export function wrapUpOfEntry(entry: CallHistoryEntry): WrapUp {
  return {
    ...(entry.disposition !== undefined ? { disposition: entry.disposition } : {}),
    ...(entry.notes !== undefined ? { notes: entry.notes } : {}),
  };
}
