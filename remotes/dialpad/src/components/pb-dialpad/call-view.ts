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

/** "m:ss" since the call connected. */
export function elapsed(call: CallSnapshot | null, now: number): string {
  if (!call?.connectedAt) return '0:00';
  const seconds = Math.max(0, Math.floor((now - call.connectedAt) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
