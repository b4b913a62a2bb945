import { subjects } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { SHELL_DEFAULTS } from '../config/defaults.js';

// Asked of the bus by every tab, phone or not: kept apart from the phone's code so that the
// gateway client stays out of the page's start-up chunk.

/** Whether a phone window runs the agent's phone now (only an open one answers). */
export async function phoneWindowOpen(bus: Bus): Promise<boolean> {
  try {
    return (await bus.request(subjects.phoneWindowQuery(bus.agentId), {}, { timeoutMs: SHELL_DEFAULTS.phoneWindowQueryTimeoutMs })).open;
  } catch {
    return false;
  }
}

/**
 * Resolves when the phone window gives the phone back: it says so as it closes, or (it crashed, or
 * its goodbye was lost) it stops answering twice in a row while the bus is up.
 */
export function phoneWindowGone(bus: Bus): Promise<void> {
  return new Promise((resolve) => {
    let misses = 0;
    const done = (): void => {
      off();
      clearInterval(timer);
      resolve();
    };
    const off = bus.subscribe(subjects.phoneWindow(bus.agentId), ({ open }) => {
      if (!open) done();
    });
    const timer = setInterval(() => {
      void phoneWindowOpen(bus).then((open) => {
        misses = open || bus.status !== 'connected' ? 0 : misses + 1;
        if (misses >= 2) done();
      });
    }, SHELL_DEFAULTS.phoneWindowCheckMs);
  });
}
