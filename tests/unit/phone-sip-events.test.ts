import { describe, expect, it } from 'vitest';
import { MalformedSipEventError, causeFromSip, numberFromUri, translateSipMessage } from '@patchbay/phone/machine';

const sip = (result: Record<string, unknown>) => ({ sip: 'event', result });

describe('translateSipMessage()', () => {
  it.each([
    ['registered', { kind: 'registered', masterId: undefined }],
    ['ringing', { kind: 'remote-ringing' }],
    ['proceeding', { kind: 'remote-ringing' }],
    ['progress', { kind: 'remote-ringing' }],
    ['holding', { kind: 'held' }],
    ['resuming', { kind: 'resumed' }],
    ['calling', { kind: 'ignored', event: 'calling' }],
    ['hangingup', { kind: 'ignored', event: 'hangingup' }],
  ])('%s', (event, signal) => {
    expect(translateSipMessage(sip({ event }), undefined)).toEqual(signal);
  });

  it('carries the caller, display name and offer of an incoming call', () => {
    const offer = { type: 'offer', sdp: 'v=0' };
    expect(translateSipMessage(sip({ event: 'incomingcall', username: 'sip:customer@127.0.0.1:5060', displayname: '"Ann Lee"', call_id: 'abc' }), offer)).toEqual({
      kind: 'incoming',
      from: 'sip:customer@127.0.0.1:5060',
      displayName: 'Ann Lee',
      sipCallId: 'abc',
      offer,
    });
  });

  it("tells a guest registration (nothing sent) from the account's and from a helper line's", () => {
    expect(translateSipMessage(sip({ event: 'registered', username: 'agent', register_sent: false, master_id: 7 }), undefined)).toEqual({ kind: 'guest' });
    expect(translateSipMessage(sip({ event: 'registered', username: 'agent', register_sent: true, master_id: 7 }), undefined)).toEqual({ kind: 'registered', masterId: 7 });
    expect(translateSipMessage(sip({ event: 'registered', username: 'agent', register_sent: false, helper: true, master_id: 7 }), undefined)).toEqual({ kind: 'registered', masterId: 7 });
  });

  it('carries the SIP code and reason of a hang-up or failed registration', () => {
    expect(translateSipMessage(sip({ event: 'hangup', code: 486, reason: 'Busy Here' }), undefined)).toEqual({ kind: 'hangup', code: 486, reason: 'Busy Here' });
    expect(translateSipMessage(sip({ event: 'registration_failed', code: 403, reason: 'Forbidden' }), undefined)).toEqual({
      kind: 'registration-failed',
      code: 403,
      reason: 'Forbidden',
    });
  });

  it('reads the status of a REFER NOTIFY, and ignores other NOTIFYs', () => {
    expect(translateSipMessage(sip({ event: 'notify', notify: 'refer', content: 'SIP/2.0 200 OK\r\n' }), undefined)).toEqual({ kind: 'transfer-progress', status: 200, reason: 'OK' });
    expect(translateSipMessage(sip({ event: 'notify', notify: 'refer', content: 'SIP/2.0 100 Trying' }), undefined)).toEqual({ kind: 'transfer-progress', status: 100, reason: 'Trying' });
    expect(translateSipMessage(sip({ event: 'notify', notify: 'message-summary', content: 'Messages-Waiting: yes' }), undefined)).toEqual({ kind: 'ignored', event: 'notify' });
  });

  it('turns a plugin error into a plugin-error signal', () => {
    expect(translateSipMessage({ error: 'Wrong state', error_code: 449 }, undefined)).toEqual({ kind: 'plugin-error', code: 449, reason: 'Wrong state' });
  });

  it('refuses a message without an event, with a clear error', () => {
    expect(() => translateSipMessage({ sip: 'event', result: {} }, undefined)).toThrow(MalformedSipEventError);
    expect(() => translateSipMessage({ sip: 'event' }, undefined)).toThrow(/without result.event/);
  });
});

describe('causeFromSip()', () => {
  const remote = { localRequest: null, connected: false };
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [603, 'declined'],
    [404, 'not-found'],
    [484, 'not-found'],
    [480, 'no-answer'],
    [408, 'no-answer'],
    [487, 'cancelled'],
    [500, 'error'],
  ] as const)('%i → %s', (code, cause) => {
    expect(causeFromSip(code, remote)).toBe(cause);
  });

  it('a BYE from the far end of a connected call is a remote hang-up', () => {
    expect(causeFromSip(200, { localRequest: null, connected: true })).toBe('remote-hangup');
    expect(causeFromSip(undefined, { localRequest: null, connected: true })).toBe('remote-hangup');
  });

  it('what the agent asked for wins, and hanging up before an answer is a cancel', () => {
    expect(causeFromSip(200, { localRequest: 'local-hangup', connected: true })).toBe('local-hangup');
    expect(causeFromSip(487, { localRequest: 'local-hangup', connected: false })).toBe('cancelled');
    expect(causeFromSip(200, { localRequest: 'transferred', connected: true })).toBe('transferred');
  });
});

describe('numberFromUri()', () => {
  it.each([
    ['sip:customer@127.0.0.1:5060', 'customer'],
    ['"Ann" <sip:+15551234@pbx.example.com>', '+15551234'],
    ['sips:100@host;transport=tls', '100'],
    ['not a uri', 'not a uri'],
  ])('%s → %s', (uri, number) => {
    expect(numberFromUri(uri)).toBe(number);
  });
});
