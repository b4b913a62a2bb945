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
import { agentSide, describeEnd, farEndQuality } from './call-stats.js';

export const CONDITIONS: ReadonlyArray<{ name: string; impairment: Impairment }> = [
  { name: 'clean', impairment: NO_IMPAIRMENT },
  { name: '1% loss, 30±30 ms', impairment: { lossRate: 0.01, delayMs: 30, jitterMs: 30 } },
  { name: '5% loss, 30±30 ms', impairment: { lossRate: 0.05, delayMs: 30, jitterMs: 30 } },
];

export async function benchNetwork(seconds = 15): Promise<void> {
  const session = await startPhoneSession({ impairedNetwork: true });
  try {
    const { phone: farEnd, relay } = session.lab.impaired!;
    const page = await session.openPhone();
    console.log(`one ${seconds} s call per condition, agent (Chromium) → Janus → relay → baresip; the relay's schedule is seeded`);
    for (const { name, impairment } of CONDITIONS) {
      relay.impair(impairment);
      const before = { toAgent: { ...relay.toAgent }, toFarEnd: { ...relay.toFarEnd } };
      const events = farEnd.events.length;
      const seq = await currentSeq(page);
      await page.evaluate(() => window.harness.phone().dial('impaired'));
      await waitForStatus(page, 'connected', seq);
      await farEnd.waitForEvent('CALL_ESTABLISHED', { after: events });
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const [agent, received] = await Promise.all([agentSide(page), farEnd.packetsReceived()]);
      const farEndHears = farEndQuality(received ?? 0, agent.packetsSent, relay.toFarEnd.jitterMs / 1000, agent.roundTripTime);
      await page.evaluate(() => window.harness.phone().hangup());
      await waitForStatus(page, 'ended', seq);
      await farEnd.waitForEvent('CALL_CLOSED', { after: events });
      const dropped = (direction: 'toAgent' | 'toFarEnd'): string => {
        const lost = relay[direction].dropped - before[direction].dropped;
        const all = lost + relay[direction].forwarded - before[direction].forwarded;
        return `${((lost / Math.max(1, all)) * 100).toFixed(1)}% of ${all}`;
      };
      console.log(`\n${name}: relay dropped ${dropped('toAgent')} packets to the agent, ${dropped('toFarEnd')} to the far end`);
      console.log(`  agent hears:    ${describeEnd(agent.quality)}  (its browser's stats; ${(agent.concealed * 100).toFixed(1)}% of samples concealed)`);
      console.log(`  far end hears:  ${describeEnd(farEndHears)}  (packets baresip received; jitter of what the relay delivered it)`);
    }
  } finally {
    await session.stop();
  }
}

if (isEntryPoint(import.meta.url)) await benchNetwork(Number(process.argv[2] ?? 15));
