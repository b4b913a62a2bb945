import { describe, expect, it } from 'vitest';
import { dialExtension, type ExtensionSteps } from '../../packages/phone/src/extension.js';

/** Steps that record what was sent and waited, with the call dropping after `connectedFor` checks. */
function recorder(connectedFor = Number.POSITIVE_INFINITY): ExtensionSteps & { log: string[] } {
  const log: string[] = [];
  let checks = 0;
  return {
    log,
    send: async (digit) => void log.push(digit),
    stillConnected: () => checks++ < connectedFor,
    wait: async (ms) => void log.push(`wait ${ms}`),
  };
}

describe('dialExtension', () => {
  it('sends each digit in order, and waits for each comma', async () => {
    const steps = recorder();
    expect(await dialExtension(',12,#', steps, 2000)).toBe('12#');
    expect(steps.log).toEqual(['wait 2000', '1', '2', 'wait 2000', '#']);
  });

  it('stops as soon as the call is no longer connected (ended or on hold)', async () => {
    const steps = recorder(2);
    expect(await dialExtension('123', steps)).toBe('12');
    expect(steps.log).toEqual(['1', '2']);
  });

  it('sends nothing to a call that is no longer connected', async () => {
    const steps = recorder(0);
    expect(await dialExtension('42', steps)).toBe('');
    expect(steps.log).toEqual([]);
  });
});
