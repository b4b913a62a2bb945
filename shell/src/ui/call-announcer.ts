import type { CallSnapshot } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { followCall } from '../calls/follow-call.js';

/** What a screen reader hears when the call changes, or null when nothing worth saying changed. */
export function announcement(previous: CallSnapshot | null, call: CallSnapshot): string | null {
  const sameCall = previous?.callId === call.callId;
  if (sameCall && previous?.status === call.status) return null;
  const who = call.remoteNumber ?? 'an unknown number';
  switch (call.status) {
    case 'idle':
      return null;
    case 'ringing-in':
      return `Incoming call from ${who}`;
    case 'dialing':
      return `Calling ${who}`;
    case 'ringing-out':
      return `Ringing ${who}`;
    case 'connected':
      return sameCall && previous?.status === 'on-hold' ? `Call with ${who} resumed` : `Connected to ${who}`;
    case 'on-hold':
      return `Call with ${who} on hold`;
    case 'ended':
      return `Call with ${who} ended${call.cause ? ` (${call.cause.replace(/-/g, ' ')})` : ''}`;
    case 'failed':
      return `Call with ${who} failed: ${call.causeDetail ?? call.cause ?? 'no reason given'}`;
  }
}

/**
 * Says each change of the call in the page's polite live region (`role="status"`), in every tab
 * of the agent, so a screen-reader user hears the ring, the answer, hold, the end and why a call
 * failed; a tab that loads during a call says the call as it is.
 */
export function announceCalls(region: HTMLElement, bus: Bus): void {
  followCall(bus, (call, previous) => {
    const words = announcement(previous, call);
    if (words !== null) region.textContent = words;
  });
}
