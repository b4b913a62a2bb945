import { describe, expect, it } from 'vitest';
import { createInPageBus, InPageHub, type Bus } from '@patchbay/bus';
import { agentId, subjects, type CallLogOutcome, type CallSnapshot } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { startCallJournal, type FileCall, type LoggedCall } from '../../shell/src/calls/call-journal.js';
import { mergeWrapUp } from '../../shell/src/calls/wrap-up.js';

const agent = agentId('agent-journal');
const ended: CallSnapshot = {
  ...EXAMPLES['state.call'].full,
  seq: 7,
  status: 'ended',
  callId: 'call-1',
  direction: 'outbound',
  remoteNumber: '+14155550101',
  startedAt: 1_000_000,
  connectedAt: 1_005_000,
  endedAt: 1_047_000,
  cause: 'local-hangup',
};
const connected: CallSnapshot = { ...ended, seq: 5, status: 'connected', endedAt: null, cause: null };
const finished = { callId: 'call-1', direction: 'outbound', remoteNumber: '+14155550101', startedAt: 1_000_000, connectedAt: 1_005_000, endedAt: 1_047_000 };

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** A journal on its own in-page bus, with what it filed and the outcomes it published. */
function journal(file: (logged: LoggedCall) => Promise<string | null> = async () => '00T000000000001AAA', hub = new InPageHub()) {
  const bus = createInPageBus({ agentId: agent, hub });
  const logged: LoggedCall[] = [];
  const outcomes: CallLogOutcome[] = [];
  bus.subscribe(subjects.callLogOutcome(agent), (outcome) => void outcomes.push(outcome));
  const filing: FileCall = async (call) => {
    logged.push(structuredClone(call));
    return file(call);
  };
  startCallJournal(bus, filing);
  return { bus, logged, outcomes };
}

const historyOf = async (bus: Bus) => (await bus.history.recent(10))[0];

describe('mergeWrapUp', () => {
  it('replaces the fields a part carries and keeps those it leaves out', () => {
    const notes = mergeWrapUp({}, { callId: 'c', notes: 'call back Monday' });
    const both = mergeWrapUp(notes, { callId: 'c', disposition: 'Resolved' });
    expect(both).toEqual({ notes: 'call back Monday', disposition: 'Resolved' });
    expect(mergeWrapUp(both, { callId: 'c', disposition: 'Follow-up needed', recordId: '003000000000001AAA' })).toEqual({
      notes: 'call back Monday',
      disposition: 'Follow-up needed',
      recordId: '003000000000001AAA',
    });
    expect(mergeWrapUp(both, { callId: 'c', notes: '' })).toEqual({ notes: '', disposition: 'Resolved' });
    expect(mergeWrapUp(both, { callId: 'c' })).toEqual(both);
  });
});

describe('call journal', () => {
  it('writes a finished call to history once, and its log with the call for the host, then says it is saved', async () => {
    const { bus, logged, outcomes } = journal();
    await bus.publish(subjects.callState(agent), ended);
    await bus.publish(subjects.callState(agent), { ...ended, seq: 8 });
    await settle();
    expect(await bus.history.recent(10)).toEqual([{ callId: 'call-1', direction: 'outbound', number: '+14155550101', startedAt: 1_000_000, durationSec: 42 }]);
    expect(outcomes).toEqual([]);

    await bus.publish(subjects.logCall(agent), { callId: 'call-1', disposition: 'Resolved', notes: 'ok' });
    await settle();
    expect(logged).toEqual([{ call: finished, wrapUp: { disposition: 'Resolved', notes: 'ok' } }]);
    expect(await historyOf(bus)).toMatchObject({ callId: 'call-1', disposition: 'Resolved', notes: 'ok' });
    expect(outcomes).toEqual([{ callId: 'call-1', status: 'saved', taskId: '00T000000000001AAA', reason: null, at: expect.any(Number) }]);
  });

  it("merges two widgets' parts: neither erases the other's field, in the history or in what is filed", async () => {
    const { bus, logged } = journal();
    await bus.publish(subjects.callState(agent), ended);
    await bus.publish(subjects.logCall(agent), { callId: 'call-1', notes: 'Wants the invoice resent' });
    await bus.publish(subjects.logCall(agent), { callId: 'call-1', disposition: 'Resolved' });
    await settle();
    expect(logged.map((l) => l.wrapUp)).toEqual([{ notes: 'Wants the invoice resent' }, { notes: 'Wants the invoice resent', disposition: 'Resolved' }]);
    expect(await historyOf(bus)).toMatchObject({ disposition: 'Resolved', notes: 'Wants the invoice resent' });
  });

  it('keeps a part sent during the call and saves it when the call ends', async () => {
    const { bus, logged, outcomes } = journal();
    await bus.publish(subjects.callState(agent), connected);
    await bus.publish(subjects.logCall(agent), { callId: 'call-1', notes: 'Typed while talking' });
    await settle();
    expect(logged).toEqual([]);
    expect(await bus.history.recent(10)).toEqual([]);
    await bus.publish(subjects.callState(agent), ended);
    await settle();
    expect(logged).toEqual([{ call: finished, wrapUp: { notes: 'Typed while talking' } }]);
    expect(await historyOf(bus)).toMatchObject({ callId: 'call-1', notes: 'Typed while talking' });
    expect(outcomes.map((o) => o.status)).toEqual(['saved']);
  });

  it('after a reload, merges a new part with the log the history holds', async () => {
    const hub = new InPageHub();
    const before = createInPageBus({ agentId: agent, hub });
    await before.history.append({ callId: 'call-2', direction: 'inbound', number: '+14155550202', startedAt: 2_000_000, durationSec: 30, notes: 'From the dialpad' });
    const { bus, logged } = journal(undefined, hub);
    await bus.publish(subjects.logCall(agent), { callId: 'call-2', disposition: 'Resolved' });
    await settle();
    expect(logged).toEqual([
      {
        call: { callId: 'call-2', direction: 'inbound', remoteNumber: '+14155550202', startedAt: 2_000_000, connectedAt: 2_000_000, endedAt: 2_030_000 },
        wrapUp: { notes: 'From the dialpad', disposition: 'Resolved' },
      },
    ]);
    expect(await historyOf(bus)).toMatchObject({ notes: 'From the dialpad', disposition: 'Resolved' });
  });

  it('says a failed save failed and why, keeps the merged log, and a log-call with no field saves it again', async () => {
    let refuse = true;
    const { bus, logged, outcomes } = journal(async () => {
      if (refuse) throw new Error('Salesforce refused the Task: invalid cross reference id');
      return '00T000000000009AAA';
    });
    await bus.publish(subjects.callState(agent), ended);
    await bus.publish(subjects.logCall(agent), { callId: 'call-1', disposition: 'Resolved', notes: 'kept' });
    await settle();
    expect(outcomes).toEqual([{ callId: 'call-1', status: 'failed', taskId: null, reason: expect.stringContaining('invalid cross reference id'), at: expect.any(Number) }]);
    refuse = false;
    await bus.publish(subjects.logCall(agent), { callId: 'call-1' });
    await settle();
    expect(logged.at(-1)?.wrapUp).toEqual({ disposition: 'Resolved', notes: 'kept' });
    expect(outcomes.at(-1)).toMatchObject({ status: 'saved', taskId: '00T000000000009AAA', reason: null });
  });

  it('files nothing, and says nothing, for a call that is neither in progress nor in the history', async () => {
    const { bus, logged, outcomes } = journal();
    await bus.publish(subjects.logCall(agent), { callId: 'nobody', disposition: 'Resolved' });
    await settle();
    expect(logged).toEqual([]);
    expect(outcomes).toEqual([]);
  });
});
