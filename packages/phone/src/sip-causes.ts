import type { EndCause } from '@patchbay/contract';

/**
 * Why a call ended, from the SIP final response or BYE that ended it (RFC 3261 §21) and who
 * asked for the end. `localRequest` is set once the agent hung up, declined or transferred.
 */
export function causeFromSip(code: number | undefined, { localRequest, connected }: { localRequest: EndCause | null; connected: boolean }): EndCause {
  if (localRequest !== null) return localRequest === 'local-hangup' && !connected ? 'cancelled' : localRequest;
  if (code === undefined || code === 200) return 'remote-hangup';
  if (code === 486 || code === 600) return 'busy';
  if (code === 603 || code === 607) return 'declined';
  if (code === 404 || code === 604 || code === 484 || code === 410) return 'not-found';
  if (code === 408 || code === 480) return 'no-answer';
  // 487: the caller cancelled before the agent answered (a missed call, not an error).
  if (code === 487) return 'cancelled';
  return 'error';
}

/** The cause and detail of a call the gateway reports ended, given what the agent asked for. */
export function sipEnd(signal: { code: number | undefined; reason: string }, localRequest: EndCause | null, connected: boolean): [EndCause, string] {
  return [causeFromSip(signal.code, { localRequest, connected }), signal.code === undefined ? signal.reason : `${signal.code} ${signal.reason}`];
}
