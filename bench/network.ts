/**
 * Call quality over a bad network: one call per condition from the phone in headless Chromium to
 * the lab's far end behind the media relay (between Janus and the far end), which drops and
 * delays packets by a seeded schedule. Prints, for each condition, what the relay did and the
 * loss, jitter and MOS estimate each end sees (call-stats.ts), plus the share of audio the agent's
 * browser had to conceal (what Opus FEC and the jitter buffer could not hide).
 * Alone: node --import ./scripts/ts-register.mjs bench/network.ts [seconds per call]
 */
import type { Impairment } from '@patchbay/devservers';
import { NO_IMPAIRMENT } from '@patchbay/devservers';
import { currentSeq, startPhoneSession, waitForStatus } from '../tests/e2e/phone-page/session.js';
import { isEntryPoint } from './alone.js';
import { agentQuality, describeEnd, farEndQuality, pageCounters } from './call-stats.js';

export const CONDITIONS: ReadonlyArray<{ name: string; impairment: Impairment }> = [
  { name: 'clean', impairment: NO_IMPAIRMENT },
  { name: '1% loss, 30±30 ms', impairment: { lossRate: 0.01, delayMs: 30, jitterMs: 30 } },
  { name: '5% loss, 30±30 ms', impairment: { lossRate: 0.05, delayMs: 30, jitterMs: 30 } },
];

/** Left out of the figures: the jitter buffer settles and the far end's counters start. */
const WARM_UP_MS = 2000;

export async function benchNetwork(seconds = 15): Promise<void> {
  const session = await startPhoneSession({ impairedNetwork: true });
  try {
    const { phone: farEnd, relay } = session.lab.impaired!;
    const page = await session.openPhone();
    console.log(`one call per condition, measured over ${seconds} s after ${WARM_UP_MS / 1000} s, agent (Chromium) → Janus → relay → baresip; the relay's schedule is seeded`);
    for (const { name, impairment } of CONDITIONS) {
      relay.impair(impairment);
      const events = farEnd.events.length;
      const seq = await currentSeq(page);
      await page.evaluate(() => window.harness.phone().dial('impaired'));
      await waitForStatus(page, 'connected', seq);
      await farEnd.waitForEvent('CALL_ESTABLISHED', { after: events });
      await new Promise((r) => setTimeout(r, WARM_UP_MS));
      const before = { relay: { toAgent: { ...relay.toAgent }, toFarEnd: { ...relay.toFarEnd } }, page: await pageCounters(page), farEnd: (await farEnd.packetsReceived()) ?? 0 };
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const [counters, received] = await Promise.all([pageCounters(page), farEnd.packetsReceived()]);
      const agent = agentQuality(before.page, counters);
      const farEndHears = farEndQuality((received ?? 0) - before.farEnd, counters.sent - before.page.sent, relay.toFarEnd.jitterMs / 1000, counters.roundTripTime);
      await page.evaluate(() => window.harness.phone().hangup());
      await waitForStatus(page, 'ended', seq);
      await farEnd.waitForEvent('CALL_CLOSED', { after: events });
      const dropped = (direction: 'toAgent' | 'toFarEnd'): string => {
        const lost = relay[direction].dropped - before.relay[direction].dropped;
        const all = lost + relay[direction].forwarded - before.relay[direction].forwarded;
        return `${((lost / Math.max(1, all)) * 100).toFixed(1)}% of ${all}`;
      };
      console.log(`\n${name}: relay dropped ${dropped('toAgent')} packets to the agent, ${dropped('toFarEnd')} to the far end`);
      console.log(`  agent hears:    ${describeEnd(agent)}  (its browser's stats; ${(agent.concealed * 100).toFixed(1)}% of samples concealed)`);
      console.log(`  far end hears:  ${describeEnd(farEndHears)}  (packets baresip received; jitter of what the relay delivered it)`);
    }
  } finally {
    await session.stop();
  }
}

if (isEntryPoint(import.meta.url)) await benchNetwork(Number(process.argv[2] ?? 15));
