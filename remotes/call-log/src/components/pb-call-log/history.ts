import { MESSAGE_KINDS, type CallHistoryEntry, type CallLogOutcome, type CallSnapshot } from '@patchbay/contract';

/** Newest first, one row per call: a later entry for a call (its wrap-up) replaces the earlier. */
export function mergeHistory(current: readonly CallHistoryEntry[], incoming: readonly CallHistoryEntry[], limit: number): CallHistoryEntry[] {
  const byCall = new Map(current.map((entry) => [entry.callId, entry]));
  for (const entry of incoming) byCall.set(entry.callId, { ...byCall.get(entry.callId), ...entry });
  return [...byCall.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
}

/**
 * The call whose wrap-up form is open: the one the agent picked, else the call that just ended,
 * while it has no disposition yet.
 */
export function awaitingWrapUp(history: readonly CallHistoryEntry[], call: CallSnapshot | null, picked: string | null): CallHistoryEntry | null {
  const finished = call && (call.status === 'ended' || call.status === 'failed') ? call.callId : null;
  const entry = history.find((candidate) => candidate.callId === (picked ?? finished));
  return entry && entry.disposition === undefined ? entry : null;
}

export const DISPOSITIONS = ['Resolved', 'Follow-up needed', 'Left voicemail', 'Wrong number', 'No answer'] as const;

/** An inbound call nobody talked on: rang out, was declined, or the caller gave up. */
export function isMissed(entry: CallHistoryEntry): boolean {
  return entry.direction === 'inbound' && entry.durationSec === 0;
}

/** Whether the call's number can be dialled back: what the contract's dial command accepts. */
export function canCallBack(entry: CallHistoryEntry): boolean {
  return MESSAGE_KINDS['cmd.dial']({ number: entry.number }, 'data').ok;
}

/** A save's outcome in words: saved (with the Task where there is one), or not and why. */
export function outcomeMessage(outcome: CallLogOutcome, history: readonly CallHistoryEntry[]): string {
  const number = history.find((entry) => entry.callId === outcome.callId)?.number;
  const call = number ? `Call with ${number}` : 'Call';
  if (outcome.status === 'failed') return `${call} not saved: ${outcome.reason ?? 'unknown error'}`;
  return outcome.taskId ? `${call} saved (Task ${outcome.taskId})` : `${call} saved`;
}
