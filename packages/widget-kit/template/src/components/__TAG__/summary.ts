import type { CallSnapshot } from '@patchbay/contract';

/** One line on the agent's call, from the phone's call state. */
export function summarize(snapshot: CallSnapshot | null): string {
  if (!snapshot || snapshot.status === 'idle') return 'No call';
  const who = snapshot.remoteNumber ?? 'unknown number';
  return `${snapshot.direction === 'inbound' ? 'From' : 'To'} ${who}: ${snapshot.status}`;
}
