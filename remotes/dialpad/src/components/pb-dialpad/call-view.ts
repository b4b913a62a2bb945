import type { CallSnapshot } from '@patchbay/contract';

/** What the dialpad shows for a call snapshot: one of four panels, and the words for it. */
export type CallPanel = 'dial' | 'outgoing' | 'incoming' | 'in-call';

export function panelFor(call: CallSnapshot | null): CallPanel {
  switch (call?.status) {
    case 'dialing':
    case 'ringing-out':
      return 'outgoing';
    case 'ringing-in':
      return 'incoming';
    case 'connected':
    case 'on-hold':
      return 'in-call';
    default:
      return 'dial';
  }
}

const CAUSE_WORDS: Record<string, string> = {
  'local-hangup': 'Call ended',
  'remote-hangup': 'The other party hung up',
  declined: 'Call declined',
  rejected: 'You declined the call',
  busy: 'Line busy',
  'not-found': 'Number not reachable',
  'no-answer': 'No answer',
  cancelled: 'Call cancelled',
  'gateway-unreachable': 'Phone gateway unreachable',
  'gateway-lost': 'Connection to the phone gateway lost',
  'media-failed': 'Audio connection failed',
  'page-unloaded': 'Call ended when the page reloaded',
  transferred: 'Call transferred',
  error: 'Call failed',
};

/** A line for the agent about how the last call ended, or null while there is nothing to say. */
export function endMessage(call: CallSnapshot | null): string | null {
  if (!call || (call.status !== 'ended' && call.status !== 'failed') || !call.cause) return null;
  const words = CAUSE_WORDS[call.cause] ?? 'Call ended';
  return call.causeDetail && call.status === 'failed' ? `${words} (${call.causeDetail})` : words;
}

/** "m:ss" since a call connected (0:00 before it has). */
export function elapsed(connectedAt: number | null, now: number): string {
  if (!connectedAt) return '0:00';
  const seconds = Math.max(0, Math.floor((now - connectedAt) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * A line about the consultation for the agent: how it is going while it is up, how it ended
 * while the customer still waits on hold, else null.
 */
export function consultMessage(call: CallSnapshot | null, now: number): string | null {
  const consult = call?.consult;
  if (!call || !consult) return null;
  switch (consult.status) {
    case 'dialing':
      return `Calling ${consult.target}…`;
    case 'ringing-out':
      return `Ringing ${consult.target}…`;
    case 'connected':
      return `Talking to ${consult.target} · ${elapsed(consult.connectedAt, now)}`;
    default:
      if (call.status !== 'on-hold' || !consult.cause) return null;
      return `${consult.target}: ${(CAUSE_WORDS[consult.cause] ?? 'Call ended').toLowerCase()}${consult.status === 'failed' && consult.causeDetail ? ` (${consult.causeDetail})` : ''}`;
  }
}

/** A line about the agent's latest transfer request in this call, or null. */
export function transferMessage(call: CallSnapshot | null): string | null {
  const transfer = call?.transfer;
  if (!transfer) return null;
  return transfer.status === 'requested' ? `Transferring to ${transfer.target}…` : `Transfer to ${transfer.target} refused${transfer.detail ? ` (${transfer.detail})` : ''}`;
}
