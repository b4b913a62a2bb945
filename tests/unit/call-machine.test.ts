import { describe, expect, it } from 'vitest';
import { CALL_STATUSES, CONSULT_STATUSES, type CallSnapshot, type CallStatus, type ConsultCall, type TransferAttempt } from '@patchbay/contract';
import {
  CALL_MOVES,
  CALL_TRANSITIONS,
  CallEventOutOfStateError,
  InvalidCallTransitionError,
  applyCallEvent,
  initialSnapshot,
  statusForCause,
  transition,
  type CallEvent,
  type CallMove,
  type ConsultPhase,
  type TransferPhase,
} from '@patchbay/phone/machine';

const at = 1_700_000_000_000;
const run = (...events: CallEvent[]): CallSnapshot => events.reduce(applyCallEvent, initialSnapshot());
const dial: CallEvent = { type: 'dial', callId: 'c1', number: '+15551234', at };
const incoming: CallEvent = { type: 'incoming', callId: 'c2', number: '+15559876', at };
const accepted: CallEvent = { type: 'accepted', at: at + 1000 };
const end = (cause: Extract<CallEvent, { type: 'end' }>['cause']): CallEvent => ({ type: 'end', cause, detail: null, at: at + 5000 });

const LEGAL: Array<[CallStatus, CallStatus]> = [
  ['idle', 'dialing'],
  ['idle', 'ringing-in'],
  ['dialing', 'ringing-out'],
  ['dialing', 'connected'],
  ['dialing', 'ended'],
  ['dialing', 'failed'],
  ['ringing-out', 'connected'],
  ['ringing-out', 'ended'],
  ['ringing-out', 'failed'],
  ['ringing-in', 'connected'],
  ['ringing-in', 'ended'],
  ['ringing-in', 'failed'],
  ['connected', 'on-hold'],
  ['connected', 'ended'],
  ['connected', 'failed'],
  ['on-hold', 'connected'],
  ['on-hold', 'ended'],
  ['on-hold', 'failed'],
  ['ended', 'dialing'],
  ['ended', 'ringing-in'],
  ['failed', 'dialing'],
  ['failed', 'ringing-in'],
];

describe('transition()', () => {
  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(transition(from, to)).toBe(to);
  });

  const legal = new Set(LEGAL.map(([from, to]) => `${from}>${to}`));
  const illegal = CALL_STATUSES.flatMap((from) => CALL_STATUSES.map((to) => [from, to] as [CallStatus, CallStatus])).filter(([from, to]) => !legal.has(`${from}>${to}`));

  it.each(illegal)('refuses %s → %s', (from, to) => {
    expect(() => transition(from, to)).toThrow(new InvalidCallTransitionError(from, to));
    expect(() => transition(from, to)).toThrow(`Invalid call transition from ${from} to ${to}`);
  });

  it('the table lists exactly the legal moves', () => {
    const fromTable = Object.entries(CALL_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`));
    expect(new Set(fromTable)).toEqual(legal);
  });
});

describe('applyCallEvent()', () => {
  it('walks an outbound call: dialing → ringing-out → connected → on-hold → connected → ended', () => {
    const states = [initialSnapshot()];
    for (const e of [dial, { type: 'remote-ringing' }, accepted, { type: 'held' }, { type: 'resumed' }, end('local-hangup')]) states.push(applyCallEvent(states.at(-1)!, e as CallEvent));
    expect(states.map((s) => s.status)).toEqual(['idle', 'dialing', 'ringing-out', 'connected', 'on-hold', 'connected', 'ended']);
    expect(states.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const last = states.at(-1)!;
    expect(last).toMatchObject({ direction: 'outbound', remoteNumber: '+15551234', callId: 'c1', startedAt: at, connectedAt: at + 1000, endedAt: at + 5000, cause: 'local-hangup' });
  });

  it('walks an inbound call to a remote hang-up', () => {
    const last = run(incoming, accepted, end('remote-hangup'));
    expect(last).toMatchObject({ status: 'ended', direction: 'inbound', cause: 'remote-hangup', seq: 3 });
  });

  it.each([
    ['declined', 'failed'],
    ['busy', 'failed'],
    ['not-found', 'failed'],
    ['no-answer', 'failed'],
    ['gateway-unreachable', 'failed'],
    ['gateway-lost', 'failed'],
    ['media-failed', 'failed'],
    ['error', 'failed'],
    ['local-hangup', 'ended'],
    ['remote-hangup', 'ended'],
    ['cancelled', 'ended'],
    ['rejected', 'ended'],
    ['page-unloaded', 'ended'],
    ['transferred', 'ended'],
  ] as const)('a call ending with %s is %s', (cause, status) => {
    expect(statusForCause(cause)).toBe(status);
    expect(run(dial, end(cause)).status).toBe(status);
  });

  it('starts a fresh call after the last one ended, keeping seq increasing', () => {
    const second = run(dial, end('busy'), incoming);
    expect(second).toMatchObject({ status: 'ringing-in', callId: 'c2', cause: null, connectedAt: null, seq: 3 });
  });

  it('carries the record a call was dialled from in every snapshot of that call, and not into the next', () => {
    const clicked: CallEvent = { type: 'dial', callId: 'c1', number: '+15551234', at, recordId: '003000000000001AAA' };
    expect(run(clicked).recordId).toBe('003000000000001AAA');
    expect(run(clicked, { type: 'remote-ringing' }, accepted, { type: 'held' }, end('local-hangup'))).toMatchObject({ status: 'ended', recordId: '003000000000001AAA' });
    expect(run(clicked, end('local-hangup'), incoming).recordId).toBeNull();
    expect(run(clicked, end('local-hangup'), dial).recordId).toBeNull();
  });

  it('tracks mute and quality only while a call is up', () => {
    const quality = { jitter: 0.01, packetLoss: 0, roundTripTime: 0.02, mos: 4.4 };
    expect(run(dial, accepted, { type: 'muted', muted: true })).toMatchObject({ muted: true });
    expect(run(dial, accepted, { type: 'quality', quality }).quality).toEqual(quality);
    expect(() => run({ type: 'muted', muted: true })).toThrow(CallEventOutOfStateError);
    expect(() => run(dial, end('busy'), { type: 'quality', quality })).toThrow('Call event quality is not valid while failed');
  });

  it('refuses events that make no sense in the current state', () => {
    expect(() => run(accepted)).toThrow('Invalid call transition from idle to connected');
    expect(() => run(dial, end('busy'), end('busy'))).toThrow('Invalid call transition from failed to failed');
    expect(() => run(dial, accepted, dial)).toThrow('Invalid call transition from connected to dialing');
    expect(() => run(incoming, { type: 'held' })).toThrow('Invalid call transition from ringing-in to on-hold');
  });
});

describe('attended transfer: the consultation call', () => {
  const held = [dial, accepted, { type: 'held' }] as CallEvent[];
  const consultDial: CallEvent = { type: 'consult-dial', target: '2001', at: at + 2000 };
  const consultUp: CallEvent[] = [consultDial, { type: 'consult-ringing' }, { type: 'consult-accepted', at: at + 3000 }];

  it('is placed only while the customer is on hold, one at a time', () => {
    expect(() => run(dial, accepted, consultDial)).toThrow(CallEventOutOfStateError);
    expect(run(...held, consultDial).consult).toEqual({
      status: 'dialing',
      target: '2001',
      startedAt: at + 2000,
      connectedAt: null,
      endedAt: null,
      cause: null,
      causeDetail: null,
    });
    expect(() => run(...held, consultDial, consultDial)).toThrow(CallEventOutOfStateError);
  });

  it('rings, connects and ends through the call table, leaving the customer held', () => {
    const up = run(...held, ...consultUp);
    expect(up).toMatchObject({ status: 'on-hold', consult: { status: 'connected', connectedAt: at + 3000 } });
    const refused = run(...held, consultDial, { type: 'consult-end', cause: 'busy', detail: '486 Busy Here', at: at + 2500 });
    expect(refused).toMatchObject({ status: 'on-hold', consult: { status: 'failed', cause: 'busy', causeDetail: '486 Busy Here' } });
    // A connected consultation cannot go back to ringing, and an ended one cannot end again.
    expect(() => applyCallEvent(up, { type: 'consult-ringing' })).toThrow(InvalidCallTransitionError);
    expect(() => applyCallEvent(refused, { type: 'consult-end', cause: 'local-hangup', detail: null, at })).toThrow(CallEventOutOfStateError);
  });

  it('a new consultation may follow an ended one', () => {
    const again = run(...held, consultDial, { type: 'consult-end', cause: 'busy', detail: null, at }, { ...consultDial, target: '2002' });
    expect(again.consult).toMatchObject({ status: 'dialing', target: '2002' });
  });

  it('ends with the call: transferred together, or hung up when the customer leaves first', () => {
    const transferred = run(...held, ...consultUp, { type: 'end', cause: 'transferred', detail: 'transferred (200)', at: at + 9000 });
    expect(transferred.consult).toMatchObject({ status: 'ended', cause: 'transferred', causeDetail: 'transferred (200)', endedAt: at + 9000 });
    const customerLeft = run(...held, ...consultUp, end('remote-hangup'));
    expect(customerLeft.consult).toMatchObject({ status: 'ended', cause: 'local-hangup', causeDetail: 'the call ended (remote-hangup)' });
    const lost = run(...held, ...consultUp, end('gateway-lost'));
    expect(lost.consult).toMatchObject({ status: 'failed', cause: 'gateway-lost' });
  });

  it("goes on as the agent's call when the customer leaves first and the phone keeps it", () => {
    const customerLeft = run(...held, { type: 'muted', muted: true }, ...consultUp, { type: 'end', cause: 'remote-hangup', detail: null, at: at + 5000, consultGoesOn: true });
    expect(customerLeft).toMatchObject({ callId: 'c1', status: 'ended', cause: 'remote-hangup', consult: null });
    const consult = run(...held, ...consultUp).consult!;
    const goesOn = applyCallEvent(customerLeft, { type: 'consult-goes-on', callId: 'c3', consult });
    expect(goesOn).toMatchObject({
      callId: 'c3',
      status: 'connected',
      direction: 'outbound',
      remoteNumber: '2001',
      startedAt: at + 2000,
      connectedAt: at + 3000,
      endedAt: null,
      cause: null,
      muted: true,
      consult: null,
      seq: customerLeft.seq + 1,
    });
    // Still ringing, it goes on ringing; an ended consultation, or a call still up, goes nowhere.
    const ringing = run(...held, consultDial, { type: 'consult-ringing' }).consult!;
    expect(applyCallEvent(customerLeft, { type: 'consult-goes-on', callId: 'c4', consult: ringing }).status).toBe('ringing-out');
    const over = run(...held, consultDial, { type: 'consult-end', cause: 'busy', detail: null, at }).consult!;
    expect(() => applyCallEvent(customerLeft, { type: 'consult-goes-on', callId: 'c5', consult: over })).toThrow(CallEventOutOfStateError);
    expect(() => applyCallEvent(run(...held, ...consultUp), { type: 'consult-goes-on', callId: 'c6', consult })).toThrow(CallEventOutOfStateError);
    // However the customer's call ended (a dropped dialog fails it), the consultation goes on.
    const dropped = run(...held, ...consultUp, { type: 'end', cause: 'error', detail: '481 Call Does Not Exist', at: at + 5000, consultGoesOn: true });
    expect(dropped.status).toBe('failed');
    expect(applyCallEvent(dropped, { type: 'consult-goes-on', callId: 'c7', consult }).status).toBe('connected');
  });

  it('is cleared by the next call', () => {
    const next = run(...held, ...consultUp, end('transferred'), { ...dial, callId: 'c9' });
    expect(next.consult).toBeNull();
  });
});

describe('a transfer request', () => {
  const request: CallEvent = { type: 'transfer-requested', mode: 'blind', target: '2001', at: at + 2000 };

  it('is made in a connected or held call, one at a time', () => {
    expect(() => run(dial, request)).toThrow(CallEventOutOfStateError);
    const requested = run(dial, accepted, request);
    expect(requested.transfer).toEqual({ mode: 'blind', target: '2001', status: 'requested', detail: null, at: at + 2000 });
    expect(() => applyCallEvent(requested, request)).toThrow(CallEventOutOfStateError);
    expect(run(dial, accepted, { type: 'held' }, request).transfer?.status).toBe('requested');
  });

  it('refused, leaves the call as it was and may be tried again', () => {
    const refused = run(dial, accepted, request, { type: 'transfer-refused', detail: '404 Not Found' });
    expect(refused).toMatchObject({ status: 'connected', transfer: { status: 'refused', detail: '404 Not Found' } });
    expect(() => applyCallEvent(refused, { type: 'transfer-refused', detail: 'again' })).toThrow(CallEventOutOfStateError);
    expect(applyCallEvent(refused, { ...request, target: '2002' }).transfer).toMatchObject({ status: 'requested', target: '2002' });
  });

  it('stays on the ended call it transferred, and the next call starts without one', () => {
    const transferred = run(dial, accepted, request, end('transferred'));
    expect(transferred.transfer?.status).toBe('requested');
    expect(applyCallEvent(transferred, { ...dial, callId: 'c9' }).transfer).toBeNull();
    expect(() => applyCallEvent(transferred, { type: 'transfer-refused', detail: 'late' })).toThrow(CallEventOutOfStateError);
  });
});

describe('CALL_MOVES: every event is applied in exactly the states its row lists', () => {
  const liveConsult: ConsultCall = { status: 'connected', target: '2001', startedAt: at, connectedAt: at, endedAt: null, cause: null, causeDetail: null };
  const samples: { [T in CallEvent['type']]: Extract<CallEvent, { type: T }> } = {
    dial: { type: 'dial', callId: 'c1', number: '2001', at },
    incoming: { type: 'incoming', callId: 'c2', number: '2002', at },
    'remote-ringing': { type: 'remote-ringing' },
    accepted: { type: 'accepted', at },
    held: { type: 'held' },
    resumed: { type: 'resumed' },
    muted: { type: 'muted', muted: true },
    quality: { type: 'quality', quality: { jitter: 0, packetLoss: 0, roundTripTime: null, mos: 4.4 } },
    end: { type: 'end', cause: 'remote-hangup', detail: null, at },
    'consult-dial': { type: 'consult-dial', target: '3001', at },
    'consult-ringing': { type: 'consult-ringing' },
    'consult-accepted': { type: 'consult-accepted', at },
    'consult-end': { type: 'consult-end', cause: 'busy', detail: null, at },
    'consult-goes-on': { type: 'consult-goes-on', callId: 'c3', consult: liveConsult },
    'transfer-requested': { type: 'transfer-requested', mode: 'blind', target: '4001', at },
    'transfer-refused': { type: 'transfer-refused', detail: '486 Busy Here' },
  };
  const consultPhases: ConsultPhase[] = ['none', ...CONSULT_STATUSES];
  const transferPhases: TransferPhase[] = ['none', 'requested', 'refused'];
  const consultIn = (phase: ConsultPhase): ConsultCall | null => (phase === 'none' || phase === 'opening' ? null : { ...liveConsult, status: phase, connectedAt: phase === 'connected' ? at : null });
  const transferIn = (phase: TransferPhase): TransferAttempt | null => (phase === 'none' ? null : { mode: 'blind', target: '4001', status: phase, detail: null, at });

  it.each(Object.keys(samples) as Array<CallEvent['type']>)('%s', (type) => {
    const row: CallMove = CALL_MOVES[type];
    for (const status of CALL_STATUSES) {
      for (const consult of consultPhases) {
        for (const transfer of transferPhases) {
          const snapshot: CallSnapshot = { ...initialSnapshot(), status, consult: consultIn(consult), transfer: transferIn(transfer) };
          const apply = () => applyCallEvent(snapshot, samples[type]);
          const legal = row.from.includes(status) && (row.consult?.from.includes(consult) ?? true) && (row.transfer?.from.includes(transfer) ?? true);
          if (!legal) {
            expect(apply, `${type} from ${status}, consult ${consult}, transfer ${transfer}`).toThrow(/Invalid call transition|is not valid while/);
            continue;
          }
          const next = apply();
          expect(next.seq).toBe(snapshot.seq + 1);
          const event: CallEvent = samples[type];
          const byCause = 'cause' in event ? statusForCause(event.cause) : undefined;
          if (row.to !== undefined) expect(next.status).toBe(row.to === 'by-cause' ? byCause : row.to === 'consult' ? liveConsult.status : row.to);
          if (row.consult?.to !== undefined) expect(next.consult?.status).toBe(row.consult.to === 'by-cause' ? byCause : row.consult.to);
          if (row.transfer?.to !== undefined) expect(next.transfer?.status).toBe(row.transfer.to);
        }
      }
    }
  });
});
