/**
 * Call set-up time on loopback, over several outbound calls from the phone in headless Chromium
 * through real Janus and kamailio to the baresip customer:
 *   dial → INVITE at the far end  (baresip's log line for the INVITE it received)
 *   dial → two-way audio          (first RTP at the agent's page and at the customer, the later one)
 * Prints p50 and p95 beside the aim from issue 5; never fails on time.
 * Alone: node --import ./scripts/ts-register.mjs bench/call-setup.ts [calls]
 */
import { startPhoneSession, waitForStatus, currentSeq } from '../tests/e2e/phone-page/session.js';
import { isEntryPoint } from './alone.js';
import { percentile } from './stats.js';

export const DEFAULT_CALLS = 10;

export async function benchCallSetup(calls = DEFAULT_CALLS): Promise<void> {
  if (!Number.isInteger(calls) || calls < 1) throw new RangeError(`calls must be a positive integer, got ${calls}`);
  const session = await startPhoneSession();
  try {
    const page = await session.openPhone();
    const { customer } = session.lab;
    const invite: number[] = [];
    const audio: number[] = [];
    for (let i = 0; i < calls; i++) {
      const after = customer.events.length;
      const seq = await currentSeq(page);
      const dialledAt = await page.evaluate(() => window.harness.timedDial('customer'));
      const agentHears = await page.evaluate(() => window.harness.firstRemoteAudio());
      const inviteSeen = await customer.waitForEvent('CALL_REMOTE_SDP', { after });
      const customerHears = await customer.waitForEvent('CALL_RTPESTAB', { after });
      invite.push(inviteSeen.receivedAt - dialledAt);
      audio.push(Math.max(agentHears, customerHears.receivedAt) - dialledAt);
      await waitForStatus(page, 'connected', seq);
      await page.evaluate(() => window.harness.phone().hangup());
      await page.waitForFunction(() => window.harness.phone().isLineFree(), undefined, { timeout: 5000 });
    }
    const row = (name: string, values: number[], aimMs: number): string =>
      `${name.padEnd(28)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   ` + `p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms   (aim: p95 ≤ ${aimMs} ms)`;
    console.log(`call set-up over ${calls} calls (loopback, Janus ${session.lab.janus.url})`);
    console.log(row('dial → INVITE at far end', invite, 150));
    console.log(row('dial → two-way audio', audio, 500));
    console.log(`samples (ms): INVITE ${invite.join(' ')} | audio ${audio.join(' ')}`);
  } finally {
    await session.stop();
  }
}

if (isEntryPoint(import.meta.url)) await benchCallSetup(Number(process.argv[2] ?? DEFAULT_CALLS));
