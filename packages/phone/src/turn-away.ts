import type { PhoneLogger } from './phone-options.js';
import type { SipLine } from './sip-line.js';

/**
 * Refuses a caller without ringing: 480 Temporarily Unavailable is what RFC 3261 (21.4.18) gives
 * for a callee reached but not taking calls, and every SIP phone shows it. The Reason header
 * (RFC 6432 allows Q.850 causes in responses; 20 is "subscriber absent") carries the words.
 */
export async function turnAway(line: SipLine, from: string, why: string, log: PhoneLogger): Promise<void> {
  log('info', `turned away a call from ${from}: ${why}`);
  const text = why.replace(/["\\\r\n]/g, '').slice(0, 120);
  await line.send({ request: 'decline', code: 480, headers: { Reason: `Q.850;cause=20;text="${text}"` } });
}
