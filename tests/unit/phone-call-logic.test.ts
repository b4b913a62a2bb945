/**
 * The phone's call logic (the core, the commands, the media, the transfer follow-up and the
 * consultation) against fake SIP lines: every row of the call table taken, every command refused,
 * and the races the end-to-end tests found. The last test checks the rows were all exercised,
 * which is why they share one file of over 300 lines.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CallCore } from '../../packages/phone/src/call-core.js';
import { CALL_MOVES, type CallEvent, type CallMoveName } from '../../packages/phone/src/call-machine.js';
import { PageUnload } from '../../packages/phone/src/page-unload.js';
import { MediaError, NoCallError, NotRegisteredError, TransferError } from '../../packages/phone/src/phone-errors.js';
import { answered, callLogic, consulting, emit, gate, incoming, remoteBye, talking, type CallLogic } from './fake-sip-line.js';

// Which moves the logic took, and which commands it checked and refused, whatever the test: see
// the last describe.
const taken = new Set<CallMoveName>();
const commandsChecked = new Set<CallMoveName>();
const commandsRefused = new Set<CallMoveName>();
const allows = CallCore.prototype.allows;
const require_ = CallCore.prototype.require;
const dispatch = CallCore.prototype.dispatch;
vi.spyOn(CallCore.prototype, 'allows').mockImplementation(function (this: CallCore, move, opening) {
  const allowed = allows.call(this, move, opening);
  if (allowed) taken.add(move);
  return allowed;
});
vi.spyOn(CallCore.prototype, 'require').mockImplementation(function (this: CallCore, move, action, opening) {
  commandsChecked.add(move);
  try {
    require_.call(this, move, action, opening);
  } catch (error) {
    commandsRefused.add(move);
    throw error;
  }
  taken.add(move);
});
vi.spyOn(CallCore.prototype, 'dispatch').mockImplementation(function (this: CallCore, event: CallEvent) {
  const applied = dispatch.call(this, event);
  if (applied) taken.add(event.type);
  return applied;
});

afterEach(() => {
  vi.useRealTimers();
});

const last = (logic: CallLogic) => logic.core.snapshot;

describe('a call the agent places', () => {
  it('dials with our offer and the current credential, rings, connects, and hangs up', async () => {
    const logic = callLogic();
    await logic.control.dial('2001');
    expect(logic.main.sent[0]).toMatchObject({
      message: { request: 'call', uri: 'sip:2001@pbx.test', headers: { 'X-Patchbay-Credential': 'agent secret' } },
      jsep: { type: 'offer' },
    });
    await emit(logic.main, { kind: 'remote-ringing' });
    await emit(logic.main, answered);
    // The gateway repeats an answer (an ICE-restart update's): nothing moves.
    await emit(logic.main, answered);
    await logic.control.hangup();
    expect(logic.statuses).toEqual(['idle', 'dialing', 'ringing-out', 'connected', 'ended']);
    expect(last(logic)).toMatchObject({ direction: 'outbound', remoteNumber: '2001', cause: 'local-hangup' });
    expect(logic.main.requests).toEqual(['call', 'hangup']);
  });

  it('hung up before the answer is cancelled, and the far end hanging up is a remote hang-up', async () => {
    const logic = callLogic();
    await logic.control.dial('2001');
    await logic.control.hangup();
    expect(last(logic)).toMatchObject({ status: 'ended', cause: 'cancelled' });
    await talking(logic);
    await emit(logic.main, remoteBye);
    expect(last(logic)).toMatchObject({ status: 'ended', cause: 'remote-hangup' });
    // A BYE for a call that is over changes nothing.
    const { seq } = last(logic);
    await emit(logic.main, remoteBye);
    expect(last(logic).seq).toBe(seq);
  });

  it("redialled before the last call's hang-up reached the line: that hang-up ends the last call, not the new one", async () => {
    const logic = callLogic();
    await talking(logic);
    await logic.control.hangup();
    const lineLetsGo = gate();
    logic.main.freeGate = lineLetsGo.promise;
    const dialling = logic.control.dial('2002');
    // The gateway's hang-up event of the last call comes while the new one waits for the line.
    await emit(logic.main, remoteBye);
    lineLetsGo.open();
    await dialling;
    expect(last(logic)).toMatchObject({ status: 'dialing', remoteNumber: '2002', cause: null });
    expect(logic.main.requests).toEqual(['call', 'hangup', 'call']);
    await emit(logic.main, answered);
    expect(last(logic).status).toBe('connected');
  });

  it('fails at once without a registered line, and when the gateway refuses the call request', async () => {
    const logic = callLogic();
    logic.gateway.registrationStatus = 'reconnecting';
    await logic.control.dial('2001');
    expect(last(logic)).toMatchObject({ status: 'failed', cause: 'gateway-unreachable', causeDetail: 'not connected to the gateway (reconnecting)' });
    logic.gateway.registrationStatus = 'registered';
    await logic.control.dial('2001');
    await emit(logic.main, { kind: 'plugin-error', code: 440, reason: 'Wrong state (not registered)' });
    expect(last(logic)).toMatchObject({ status: 'failed', cause: 'error', causeDetail: 'Wrong state (not registered)' });
  });

  it('is refused while another call is up, and a hang-up without a call is refused', async () => {
    const logic = callLogic();
    await expect(logic.control.hangup()).rejects.toThrow(new NoCallError('hang up', 'idle'));
    await talking(logic);
    await expect(logic.control.dial('2002')).rejects.toThrow(new NoCallError('dial', 'connected'));
    expect(logic.main.requests).toEqual(['call']);
  });

  it('sends the extension as DTMF once connected, and only once', async () => {
    vi.useFakeTimers();
    const logic = callLogic({ extensionPauseMs: 100 });
    await logic.control.dial('2001', { extension: '1,2' });
    await emit(logic.main, answered);
    await vi.advanceTimersByTimeAsync(100);
    await logic.control.hold();
    await logic.control.unhold();
    expect(logic.main.sent.filter(({ message }) => message.request === 'dtmf_info').map(({ message }) => message.digit)).toEqual(['1', '2']);
  });
});

describe('a call to the agent', () => {
  it('rings until answered with our answer to its offer', async () => {
    const logic = callLogic();
    await incoming(logic);
    expect(last(logic)).toMatchObject({ status: 'ringing-in', direction: 'inbound', remoteNumber: '+15550100' });
    expect(logic.ringTone.ringing).toBe(true);
    await logic.control.answer();
    expect(logic.main.last('accept')).toEqual({ request: 'accept' });
    expect(logic.main.sent.at(-1)?.jsep).toEqual({ type: 'answer', sdp: 'answer to caller' });
    expect(logic.ringTone.ringing).toBe(false);
    // Janus confirms the answer: the call is already connected.
    await emit(logic.main, answered);
    expect(logic.statuses).toEqual(['idle', 'ringing-in', 'connected']);
  });

  it('declined by the agent (or hung up while ringing) ends as rejected with 603', async () => {
    for (const refuse of ['decline', 'hangup'] as const) {
      const logic = callLogic();
      await incoming(logic);
      await (refuse === 'decline' ? logic.control.decline() : logic.control.hangup());
      expect(logic.main.last('decline')).toEqual({ request: 'decline', code: 603 });
      expect(last(logic)).toMatchObject({ status: 'ended', cause: 'rejected' });
    }
  });

  it('whose media cannot be set up is declined 488 and fails', async () => {
    const logic = callLogic();
    await incoming(logic);
    logic.main.answerFails = new Error('no microphone');
    await expect(logic.control.answer()).rejects.toThrow(MediaError);
    expect(logic.main.last('decline')).toEqual({ request: 'decline', code: 488 });
    expect(last(logic)).toMatchObject({ status: 'failed', cause: 'media-failed', causeDetail: 'no microphone' });
  });

  it('is turned away (480) without ringing while the agent is away', async () => {
    const logic = callLogic({ turnAway: () => 'the agent is "away"' });
    await incoming(logic);
    expect(logic.main.last('decline')).toEqual({ request: 'decline', code: 480, headers: { Reason: 'Q.850;cause=20;text="the agent is away"' } });
    expect(logic.statuses).toEqual(['idle']);
  });

  it('cannot be answered or declined unless ringing', async () => {
    const logic = callLogic();
    await expect(logic.control.answer()).rejects.toThrow(new NoCallError('answer', 'idle'));
    await talking(logic);
    await expect(logic.control.decline()).rejects.toThrow(new NoCallError('decline', 'connected'));
  });
});

describe('in a call', () => {
  it('holds and resumes, by the agent or the far end', async () => {
    const logic = callLogic();
    await talking(logic);
    await logic.control.hold();
    await expect(logic.control.hold()).rejects.toThrow(new NoCallError('hold', 'on-hold'));
    await logic.control.unhold();
    await expect(logic.control.unhold()).rejects.toThrow(new NoCallError('resume', 'connected'));
    await emit(logic.main, { kind: 'held' });
    await emit(logic.main, { kind: 'resumed' });
    expect(logic.main.requests).toEqual(['call', 'hold', 'unhold']);
    expect(logic.statuses.slice(-4)).toEqual(['on-hold', 'connected', 'on-hold', 'connected']);
  });

  it('mutes the microphone once placed or answered, not while only ringing', async () => {
    const logic = callLogic();
    await incoming(logic);
    expect(() => logic.control.setMuted(true)).toThrow(new NoCallError('mute', 'ringing-in'));
    await logic.control.answer();
    logic.control.setMuted(true);
    expect(logic.main.microphoneMuted).toBe(true);
    expect(last(logic).muted).toBe(true);
  });

  it('sends DTMF digits while talking, and refuses others', async () => {
    const logic = callLogic();
    await logic.control.dial('2001');
    await expect(logic.control.sendDtmf('5')).rejects.toThrow(new NoCallError('send DTMF', 'dialing'));
    await emit(logic.main, answered);
    await expect(logic.control.sendDtmf('x')).rejects.toThrow(RangeError);
    await logic.control.sendDtmf('#');
    expect(logic.main.last('dtmf_info')).toEqual({ request: 'dtmf_info', digit: '#' });
  });

  it('measures quality while talking', async () => {
    vi.useFakeTimers();
    const logic = callLogic({ qualityIntervalMs: 1000 });
    await talking(logic);
    logic.main.report = new Map([['in', { type: 'inbound-rtp', kind: 'audio', jitter: 0.01, packetsLost: 0, packetsReceived: 100 }]]) as unknown as RTCStatsReport;
    await vi.advanceTimersByTimeAsync(1000);
    expect(last(logic).quality).toMatchObject({ jitter: 0.01, packetLoss: 0 });
  });

  it('restarts ICE when the network changes or ICE fails, once media is up', async () => {
    const logic = callLogic();
    await logic.control.dial('2001');
    await logic.control.media.restartIce('network changed');
    expect(logic.main.requests).toEqual(['call']);
    await emit(logic.main, answered);
    await logic.control.media.restartIce('network changed');
    expect(logic.main.sent.at(-1)).toEqual({ message: { request: 'update' }, jsep: { type: 'offer', sdp: 'ice-restart offer' } });
    logic.control.mainLineHandlers.onIceState(logic.main, 'failed');
    await vi.waitFor(() => expect(logic.main.requests.filter((request) => request === 'update')).toHaveLength(2));
  });

  it('answers the far end re-INVITE with our audio', async () => {
    const logic = callLogic();
    await talking(logic);
    await emit(logic.main, { kind: 'updating', offer: { type: 'offer', sdp: 'far end hold' } });
    expect(logic.main.sent.at(-1)).toEqual({ message: { request: 'update' }, jsep: { type: 'answer', sdp: 'answer to far end hold' } });
  });

  it('is lost with the gateway session', async () => {
    const logic = callLogic();
    await talking(logic);
    logic.control.callLost('WebSocket closed');
    expect(last(logic)).toMatchObject({ status: 'failed', cause: 'gateway-lost', causeDetail: 'gateway connection lost: WebSocket closed' });
  });

  it('ends as page-unloaded when the page goes: hung up, or declined while ringing', async () => {
    for (const ringing of [false, true]) {
      const logic = callLogic();
      let dropped = 0;
      const unload = new PageUnload({ core: logic.core, call: logic.control, gateway: { dropForUnload: () => void dropped++ } });
      await (ringing ? incoming(logic) : talking(logic));
      unload.unload(false);
      expect(logic.main.requests.at(-1)).toBe(ringing ? 'decline' : 'hangup');
      expect(last(logic)).toMatchObject({ status: 'ended', cause: 'page-unloaded' });
      expect(dropped).toBe(1);
    }
  });
});

describe('a blind transfer', () => {
  it('sends a REFER and leaves the call once the far end reports the new call answered', async () => {
    const logic = callLogic();
    await talking(logic);
    await logic.control.blindTransfer('4001');
    expect(logic.main.last('transfer')).toEqual({ request: 'transfer', uri: 'sip:4001@pbx.test' });
    expect(last(logic).transfer).toMatchObject({ mode: 'blind', target: '4001', status: 'requested' });
    await expect(logic.control.blindTransfer('4002')).rejects.toThrow(new TransferError('transfer', 'the last transfer request has no answer yet'));
    await emit(logic.main, { kind: 'transfer-progress', status: 100, reason: 'Trying' });
    await emit(logic.main, { kind: 'transfer-progress', status: 200, reason: 'OK' });
    expect(last(logic)).toMatchObject({ status: 'ended', cause: 'transferred', causeDetail: 'transferred (200)' });
    expect(logic.main.requests.at(-1)).toBe('hangup');
  });

  it('refused by the far end, by the gateway or by silence, leaves the call as it was', async () => {
    vi.useFakeTimers();
    const logic = callLogic({ transferTimeoutMs: 30_000 });
    await talking(logic);
    await logic.control.blindTransfer('4001');
    await emit(logic.main, { kind: 'transfer-progress', status: 486, reason: 'Busy Here' });
    expect(last(logic)).toMatchObject({ status: 'connected', transfer: { status: 'refused', detail: '486 Busy Here' } });
    await logic.control.blindTransfer('4001');
    await emit(logic.main, { kind: 'plugin-error', code: 499, reason: 'Transfer failed' });
    expect(last(logic).transfer).toMatchObject({ status: 'refused', detail: 'Transfer failed' });
    await logic.control.blindTransfer('4001');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(last(logic).transfer).toMatchObject({ status: 'refused', detail: 'no answer from the far end within 30 s' });
    logic.main.refuse.set('transfer', new Error('503 not connected'));
    await expect(logic.control.blindTransfer('4001')).rejects.toThrow('503 not connected');
    expect(last(logic)).toMatchObject({ status: 'connected', transfer: { status: 'refused', detail: '503 not connected' } });
    // A late word on a request that is over changes nothing.
    const { seq } = last(logic);
    await emit(logic.main, { kind: 'transfer-progress', status: 200, reason: 'OK' });
    expect(last(logic).seq).toBe(seq);
  });

  it("race: the customer's BYE during our hang-up finds the call already transferred", async () => {
    const logic = callLogic();
    await talking(logic);
    await logic.control.blindTransfer('4001');
    const hangUp = gate();
    logic.main.hangUpGate = hangUp.promise;
    const notified = emit(logic.main, { kind: 'transfer-progress', status: 200, reason: 'OK' });
    await emit(logic.main, remoteBye);
    hangUp.open();
    await notified;
    // Not the BYE's words: the call ended as the NOTIFY said, before the hang-up went out.
    expect(last(logic)).toMatchObject({ status: 'ended', cause: 'transferred', causeDetail: 'transferred (200)' });
    expect(logic.statuses.filter((status) => status === 'ended')).toHaveLength(1);
  });
});

describe('an attended transfer', () => {
  it('holds the customer, consults on a helper line, and completes with REFER/Replaces', async () => {
    const logic = callLogic();
    const helper = await consulting(logic);
    expect(logic.main.requests).toEqual(['call', 'hold']);
    const call = helper.last('call');
    expect(call).toMatchObject({ request: 'call', uri: 'sip:3001@pbx.test', call_id: expect.stringMatching(/^pb-consult-/) });
    expect(logic.statuses.slice(-4)).toEqual(['on-hold', 'on-hold/consult dialing', 'on-hold/consult ringing-out', 'on-hold/consult connected']);
    // The agent talks to the consulted party: DTMF goes there, and mute covers both lines.
    await logic.control.sendDtmf('9');
    expect(helper.last('dtmf_info')).toEqual({ request: 'dtmf_info', digit: '9' });
    logic.control.setMuted(true);
    expect([logic.main.microphoneMuted, helper.microphoneMuted]).toEqual([true, true]);
    await logic.control.consultation.complete();
    expect(logic.main.last('transfer')).toEqual({ request: 'transfer', uri: 'sip:3001@pbx.test', replace: call?.call_id });
    await emit(logic.main, { kind: 'transfer-progress', status: 200, reason: 'OK' });
    expect(last(logic)).toMatchObject({ status: 'ended', cause: 'transferred', consult: { status: 'ended', cause: 'transferred' } });
    expect(helper.closed).toBe(true);
  });

  it('refused, leaves both calls; the consulted party then hanging up is theirs, not a transfer', async () => {
    const logic = callLogic();
    const helper = await consulting(logic);
    await logic.control.consultation.complete();
    await expect(logic.control.consultation.cancel()).rejects.toThrow(new TransferError('cancel the consultation', 'the transfer is waiting for an answer'));
    await emit(logic.main, { kind: 'transfer-progress', status: 603, reason: 'Declined' });
    expect(last(logic)).toMatchObject({ status: 'on-hold', transfer: { status: 'refused' }, consult: { status: 'connected' } });
    await emit(helper, remoteBye);
    expect(last(logic).consult).toMatchObject({ status: 'ended', cause: 'remote-hangup' });
  });

  it('cancelled, hangs up the consultation and takes the customer off hold', async () => {
    const logic = callLogic();
    const helper = await consulting(logic);
    await logic.control.consultation.cancel();
    expect(last(logic)).toMatchObject({ status: 'connected', consult: { status: 'ended', cause: 'local-hangup' } });
    expect(helper.closed).toBe(true);
    expect(logic.main.requests.at(-1)).toBe('unhold');
  });

  it('a consulted party who is busy or who the gateway refuses fails; cancel then resumes the customer', async () => {
    const logic = callLogic();
    await talking(logic);
    await logic.control.consultation.start('3001');
    await emit(logic.gateway.helpers[0]!, { kind: 'hangup', code: 486, reason: 'Busy Here' });
    expect(last(logic).consult).toMatchObject({ status: 'failed', cause: 'busy', causeDetail: '486 Busy Here' });
    await logic.control.consultation.start('3002');
    await emit(logic.gateway.helpers[1]!, { kind: 'plugin-error', code: 440, reason: 'Wrong state' });
    expect(last(logic).consult).toMatchObject({ status: 'failed', cause: 'error', target: '3002' });
    await logic.control.consultation.cancel();
    expect(last(logic).status).toBe('connected');
  });

  it('is refused where the table says, with the reason', async () => {
    const logic = callLogic();
    await expect(logic.control.consultation.start('3001')).rejects.toThrow(new NoCallError('consult', 'idle'));
    await talking(logic);
    await expect(logic.control.consultation.cancel()).rejects.toThrow(new NoCallError('cancel the consultation', 'connected'));
    await logic.control.hold();
    await expect(logic.control.consultation.cancel()).rejects.toThrow(new TransferError('cancel the consultation', 'there is none'));
    await expect(logic.control.consultation.complete()).rejects.toThrow(new TransferError('complete the transfer', 'the consulted party has not answered'));
    logic.gateway.registrationStatus = 'reconnecting';
    await expect(logic.control.consultation.start('3001')).rejects.toThrow(new NotRegisteredError('consult'));
    logic.gateway.registrationStatus = 'registered';
    // While the helper line opens, the consultation is the customer's business already.
    const opening = gate();
    logic.gateway.helperGate = opening.promise;
    const started = logic.control.consultation.start('3001');
    await vi.waitFor(() => expect(last(logic).consult?.status).toBe('dialing'));
    await expect(logic.control.consultation.start('3002')).rejects.toThrow(new TransferError('consult', 'a consultation is already in progress'));
    await expect(logic.control.unhold()).rejects.toThrow(new TransferError('resume the customer', 'complete or cancel the consultation first'));
    await expect(logic.control.blindTransfer('4001')).rejects.toThrow(new TransferError('transfer blind', 'a consultation is in progress; complete or cancel it'));
    opening.open();
    await started;
    expect(logic.gateway.helpers).toHaveLength(1);
  });

  it('cancelled while the helper line opens leaves no line behind', async () => {
    const logic = callLogic();
    await talking(logic);
    const opening = gate();
    logic.gateway.helperGate = opening.promise;
    const started = logic.control.consultation.start('3001');
    await vi.waitFor(() => expect(last(logic).consult?.status).toBe('dialing'));
    await logic.control.consultation.cancel();
    opening.open();
    await started;
    expect(last(logic)).toMatchObject({ status: 'connected', consult: { status: 'ended', cause: 'cancelled' } });
    expect(logic.gateway.helpers[0]?.detached).toBe(true);
  });

  it("ends with the customer's call when the agent hangs up; a caller on the helper line is refused", async () => {
    const logic = callLogic();
    const helper = await consulting(logic);
    await emit(helper, { kind: 'incoming', from: 'sip:other@pbx.test', displayName: null, sipCallId: 'x', offer: null });
    expect(helper.last('decline')).toEqual({ request: 'decline', code: 486 });
    await logic.control.hangup();
    expect(last(logic)).toMatchObject({ status: 'ended', cause: 'local-hangup', consult: { status: 'ended', cause: 'local-hangup' } });
    expect(helper.closed).toBe(true);
  });

  it("goes on as the agent's call when the customer hangs up first", async () => {
    const logic = callLogic();
    const helper = await consulting(logic);
    await emit(logic.main, remoteBye);
    expect(logic.statuses.slice(-2)).toEqual(['ended', 'connected']);
    expect(last(logic)).toMatchObject({ status: 'connected', remoteNumber: '3001', consult: null });
    // The main line is free at the gateway but the agent is busy: a caller hears 486.
    await incoming(logic);
    expect(logic.main.last('decline')).toEqual({ request: 'decline', code: 486 });
    await logic.control.sendDtmf('1');
    expect(helper.last('dtmf_info')).toEqual({ request: 'dtmf_info', digit: '1' });
    await emit(helper, remoteBye);
    expect(last(logic)).toMatchObject({ status: 'ended', cause: 'remote-hangup' });
    expect(helper.closed).toBe(true);
  });

  it('race: the consulted party answers while the customer hangs up, and the call that goes on is answered', async () => {
    const logic = callLogic();
    await talking(logic);
    await logic.control.consultation.start('3001');
    const helper = logic.gateway.helpers[0]!;
    await emit(helper, { kind: 'remote-ringing' });
    const taking = gate();
    helper.answerGate = taking.promise;
    const answering = emit(helper, answered);
    await emit(logic.main, remoteBye);
    expect(last(logic)).toMatchObject({ status: 'ringing-out', remoteNumber: '3001' });
    taking.open();
    await answering;
    expect(last(logic)).toMatchObject({ status: 'connected', remoteNumber: '3001' });
  });

  it('race: the consulted party answers while the agent cancels, and the consultation stays over', async () => {
    const logic = callLogic();
    await talking(logic);
    await logic.control.consultation.start('3001');
    const helper = logic.gateway.helpers[0]!;
    const taking = gate();
    helper.answerGate = taking.promise;
    const answering = emit(helper, answered);
    await logic.control.consultation.cancel();
    taking.open();
    await answering;
    expect(last(logic)).toMatchObject({ status: 'connected', consult: { status: 'ended', cause: 'cancelled' } });
    expect(helper.closed).toBe(true);
  });
});

describe('the call table', () => {
  const rows = Object.keys(CALL_MOVES) as CallMoveName[];
  afterAll(() => vi.restoreAllMocks());

  it('had every row taken by the tests above', () => {
    expect(rows.filter((row) => !taken.has(row))).toEqual([]);
  });

  it('had every command the phone checks refused by the tests above', () => {
    expect([...commandsChecked].filter((row) => !commandsRefused.has(row))).toEqual([]);
  });
});
