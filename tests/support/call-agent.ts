import type { CustomerPhone } from '@patchbay/devservers';

/**
 * The customer calls the agent at `agentUri` until `ringing()` says the agent's phone rings. For a
 * moment after a call (measured: usually none, sometimes a few hundred ms) Janus still answers a
 * new caller 486 while its SIP plugin finishes tearing the last call down, though the phone has
 * seen the core's hang-up. The customer then calls again, as a PBX would retry, with a growing
 * pause, at most five times.
 */
export async function callAgentUntilRinging(customer: CustomerPhone, agentUri: string, ringing: () => Promise<boolean>): Promise<void> {
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  for (let attempt = 1; ; attempt++) {
    const after = customer.events.length;
    await customer.dial(agentUri);
    let refused = false;
    customer.waitForEvent('CALL_CLOSED', { after, timeoutMs: 15_000 }).then(
      () => (refused = true),
      () => undefined,
    );
    const deadline = Date.now() + 15_000;
    while (!refused && Date.now() < deadline) {
      if (await ringing()) return;
      await pause(50);
    }
    if (!refused || attempt === 5) throw new Error(`the customer could not reach the agent (attempt ${attempt}); see ${customer.logFile}`);
    await pause(100 * 2 ** attempt);
  }
}
