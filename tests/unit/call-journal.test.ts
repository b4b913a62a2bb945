import { describe, expect, it } from 'vitest';
import { createInPageBus, InPageHub } from '@patchbay/bus';
import { agentId, subjects, type CallSnapshot } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { startCallJournal, type LoggedCall } from '../../shell/src/calls/call-journal.js';

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

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('call journal', () => {
  it('writes a finished call to history once, and its wrap-up with the call for the host', async () => {
    const bus = createInPageBus({ agentId: agent, hub: new InPageHub() });
    const logged: LoggedCall[] = [];
    startCallJournal(bus, async (call) => void logged.push(call));
    await bus.publish(subjects.callState(agent), ended);
    await bus.publish(subjects.callState(agent), { ...ended, seq: 8 });
    await settle();
    expect(await bus.history.recent(10)).toEqual([{ callId: 'call-1', direction: 'outbound', number: '+14155550101', startedAt: 1_000_000, durationSec: 42 }]);

    await bus.publish(subjects.logCall(agent), { callId: 'call-1', disposition: 'Resolved', notes: 'ok' });
    await settle();
    expect(logged).toEqual([
      {
        call: { callId: 'call-1', direction: 'outbound', remoteNumber: '+14155550101', startedAt: 1_000_000, connectedAt: 1_005_000, endedAt: 1_047_000 },
        command: { callId: 'call-1', disposition: 'Resolved', notes: 'ok' },
      },
    ]);
    expect((await bus.history.recent(10))[0]).toMatchObject({ callId: 'call-1', disposition: 'Resolved', notes: 'ok' });
  });

  it('wraps up a call it did not see end (a reload in between) from the history stream', async () => {
    const hub = new InPageHub();
    const before = createInPageBus({ agentId: agent, hub });
    await before.history.append({ callId: 'call-2', direction: 'inbound', number: '+14155550202', startedAt: 2_000_000, durationSec: 30 });
    const bus = createInPageBus({ agentId: agent, hub });
    const logged: LoggedCall[] = [];
    startCallJournal(bus, async (call) => void logged.push(call));
    await bus.publish(subjects.logCall(agent), { callId: 'call-2', disposition: 'Resolved' });
    await settle();
    expect(logged[0]?.call).toEqual({ callId: 'call-2', direction: 'inbound', remoteNumber: '+14155550202', startedAt: 2_000_000, connectedAt: 2_000_000, endedAt: 2_030_000 });
  });

  it('files nothing for a call that is not in the history', async () => {
    const bus = createInPageBus({ agentId: agent, hub: new InPageHub() });
    const logged: LoggedCall[] = [];
    startCallJournal(bus, async (call) => void logged.push(call));
    await bus.publish(subjects.logCall(agent), { callId: 'nobody', disposition: 'Resolved' });
    await settle();
    expect(logged).toEqual([]);
  });
});
