import { describe, expect, it } from 'vitest';
import { createInPageBus, InPageHub, type Bus } from '@patchbay/bus';
import { agentId, subjects, type CallSnapshot } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { AgentStatus } from '../../shell/src/presence/agent-status.js';
import { keepPresence } from '../../shell/src/presence/keep-presence.js';

const agent = agentId('agent-status');
const base: CallSnapshot = { ...EXAMPLES['state.call'].full, consult: null, transfer: null, callId: 'call-1', direction: 'inbound', remoteNumber: '4155550101' };
const call = (seq: number, status: CallSnapshot['status'], connectedAt: number | null = null): CallSnapshot => ({ ...base, seq, status, connectedAt });

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('the agent status as it follows the phone', () => {
  it('stays as chosen while a call rings in, is on a call once answered, and in wrap-up after until the call is logged', () => {
    const status = new AgentStatus('available');
    status.callChanged(call(1, 'ringing-in'));
    expect(status.status).toBe('available');
    status.callChanged(call(2, 'connected', 10));
    expect(status.status).toBe('on-call');
    status.callChanged(call(3, 'on-hold', 10));
    expect(status.status).toBe('on-call');
    status.callChanged(call(4, 'ended', 10));
    expect(status.status).toBe('wrap-up');
    status.logged('another-call');
    expect(status.status).toBe('wrap-up');
    status.logged('call-1');
    expect(status.status).toBe('available');
  });

  it('has no wrap-up for a call never answered, nor for an ended call it did not see going on (a reload)', () => {
    const status = new AgentStatus('busy');
    status.callChanged(call(1, 'ringing-in'));
    status.callChanged(call(2, 'ended'));
    expect(status.status).toBe('busy');
    const reloaded = new AgentStatus('available');
    reloaded.callChanged(call(9, 'ended', 10));
    expect(reloaded.status).toBe('available');
  });

  it('takes a choice made during a call after it, and a choice ends a wrap-up', () => {
    const status = new AgentStatus('available');
    status.callChanged(call(1, 'dialing'));
    status.choose('away');
    expect(status.status).toBe('on-call');
    status.callChanged(call(2, 'connected', 10));
    status.callChanged(call(3, 'ended', 10));
    expect(status.status).toBe('wrap-up');
    status.choose('busy');
    expect(status.status).toBe('busy');
  });

  it('turns callers away only while away or offline', () => {
    const status = new AgentStatus('available');
    expect(status.turnAwayReason).toBeNull();
    status.choose('busy');
    expect(status.turnAwayReason).toBeNull();
    status.choose('away');
    expect(status.turnAwayReason).toBe('The agent is away');
    status.choose('offline');
    expect(status.turnAwayReason).toBe('The agent is offline');
  });
});

describe('the one presence writer', () => {
  it('stores the agent choice from cmd.set-status, the phone statuses as the call goes, and the chosen one again once the call is logged', async () => {
    const bus = createInPageBus({ agentId: agent, hub: new InPageHub() });
    const stop = keepPresence(bus, 'Ada Agent', new AgentStatus('available'));
    await settle();
    expect(await bus.presence.get(agent)).toMatchObject({ status: 'available', displayName: 'Ada Agent' });
    await bus.publish(subjects.setStatus(agent), { status: 'busy' });
    await settle();
    expect((await bus.presence.get(agent))?.status).toBe('busy');
    await bus.publish(subjects.callState(agent), call(1, 'dialing'));
    await bus.publish(subjects.callState(agent), call(2, 'connected', 10));
    await settle();
    expect((await bus.presence.get(agent))?.status).toBe('on-call');
    await bus.publish(subjects.callState(agent), call(3, 'ended', 10));
    await settle();
    expect((await bus.presence.get(agent))?.status).toBe('wrap-up');
    await bus.publish(subjects.logCall(agent), { callId: 'call-1' });
    await settle();
    expect((await bus.presence.get(agent))?.status).toBe('busy');
    stop();
  });

  it('brings back a chosen status stored before a reload, but not a call status left by a closed page', async () => {
    const hub = new InPageHub();
    const before = createInPageBus({ agentId: agent, hub });
    await before.presence.set({ status: 'away', displayName: 'Ada Agent' });
    const status = new AgentStatus('available');
    keepPresence(before, 'Ada Agent', status);
    await settle();
    expect(status.turnAwayReason).toBe('The agent is away');

    await before.presence.set({ status: 'on-call', displayName: 'Ada Agent' });
    keepPresence(before, 'Ada Agent', new AgentStatus('available'));
    await settle();
    expect((await before.presence.get(agent))?.status).toBe('available');
  });

  it('once stopped writes nothing more, not even the status it was still reading, and its stop waits for a write on its way', async () => {
    const hub = new InPageHub();
    const bus = createInPageBus({ agentId: agent, hub });
    // Stopped while it still reads the stored status (the phone went to the window at once).
    await keepPresence(bus, 'Ada Agent', new AgentStatus('busy'))();
    await settle();
    expect(await bus.presence.get(agent)).toBeNull();

    let gate = Promise.resolve();
    let release = (): void => undefined;
    let landed = 0;
    const slowStore: Bus = {
      ...bus,
      presence: {
        ...bus.presence,
        set: (update) =>
          gate
            .then(() => bus.presence.set(update))
            .then(() => {
              landed += 1;
            }),
      },
    };
    const stop = keepPresence(slowStore, 'Ada Agent', new AgentStatus('available'));
    await settle();
    expect(landed).toBe(1);
    // The store slows down: a write is on its way when the writer stops.
    gate = new Promise((resolve) => (release = resolve));
    await bus.publish(subjects.setStatus(agent), { status: 'away' });
    await settle();
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await bus.publish(subjects.setStatus(agent), { status: 'busy' });
    await settle();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(landed).toBe(2);
    expect((await bus.presence.get(agent))?.status).toBe('away');
  });

  it('takes no status the agent cannot choose: cmd.set-status with a phone status is refused at the bus', async () => {
    const bus = createInPageBus({ agentId: agent, hub: new InPageHub() });
    await expect(bus.publish(subjects.setStatus(agent), { status: 'on-call' as 'busy' })).rejects.toThrow(/one of available\|busy\|away\|offline/);
  });
});
