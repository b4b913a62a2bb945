import { describe, expect, it } from 'vitest';
import { BusBinding, createInPageBus, InPageHub, type Bus } from '@patchbay/bus';
import { agentId } from '@patchbay/contract';

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
