import { describe, expect, it } from 'vitest';
import { BusBinding, createInPageBus, followCallState, InPageHub, type Bus } from '@patchbay/bus';
import { agentId, subjects } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';

function bus(): Bus {
  return createInPageBus({ agentId: agentId('agent-1'), hub: new InPageHub() });
}

describe('BusBinding', () => {
  it('attaches once per bus, detaches when the bus changes or goes', async () => {
    const binding = new BusBinding();
    const log: string[] = [];
    const attach = (name: string) => () => {
      log.push(`attach ${name}`);
      return [() => log.push(`detach ${name}`)];
    };
    const first = bus();
    binding.bind(undefined, attach('none'));
    binding.bind(first, attach('first'));
    binding.bind(first, attach('first again'));
    binding.bind(bus(), attach('second'));
    binding.bind(undefined, attach('none'));
    expect(log).toEqual(['attach first', 'detach first', 'attach second', 'detach second']);
  });

  it('undoes an attachment that resolves after the bus already changed', async () => {
    const binding = new BusBinding();
    let undone = 0;
    let resolveWatch!: (unsubscribe: () => void) => void;
    binding.bind(bus(), () => [new Promise((resolve) => (resolveWatch = resolve))]);
    binding.unbind();
    resolveWatch(() => undone++);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(undone).toBe(1);
  });
});

describe('followCallState', () => {
  it('asks the phone again until it answers: a widget that loads before the phone shows the call the phone then has', async () => {
    const agent = agentId('agent-1');
    const hub = new InPageHub();
    const widget = createInPageBus({ agentId: agent, hub });
    const binding = new BusBinding();
    const shown: string[] = [];
    binding.bind(widget, (bus) => [followCallState(bus, binding, (snapshot) => shown.push(snapshot.status))]);
    // Nobody answers the first asks; the phone comes up with a call already ringing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const phone = createInPageBus({ agentId: agent, hub });
    let asked = 0;
    phone.reply(subjects.callStateQuery(agent), () => {
      asked += 1;
      return { ...EXAMPLES['state.call'].full, status: 'ringing-in' };
    });
    await expect.poll(() => shown, { timeout: 5000 }).toEqual(['ringing-in']);

    // Caught up, it asks no more; it hears each change until unbound, and nothing after.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(asked).toBe(1);
    await phone.publish(subjects.callState(agent), { ...EXAMPLES['state.call'].full, status: 'connected' });
    binding.unbind();
    await phone.publish(subjects.callState(agent), { ...EXAMPLES['state.call'].full, status: 'ended' });
    expect(shown).toEqual(['ringing-in', 'connected']);
  });
});
