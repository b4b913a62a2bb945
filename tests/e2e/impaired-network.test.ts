import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CallQuality } from '@patchbay/contract';
import { NO_IMPAIRMENT, labToneHz, readWav, rms, type ImpairedFarEnd, type Impairment } from '@patchbay/devservers';
import { currentSeq, startPhoneSession, waitForStatus, type PhoneSession } from './phone-page/session.js';

/** The tone the lab's far end behind the bad network sends. */
const FAR_END_TONE_HZ = labToneHz(3);

interface CallOutcome {
  quality: CallQuality;
  /** Loudest frequency the agent heard. */
  heardHz: number;
  /** Level of what the far end recorded of the agent. */
  farEndRms: number;
  /** Share of the far end's packets the relay dropped on their way to the agent in this call. */
  relayLossToAgent: number;
}

/**
 * The agent calls the far end through the lab's media relay (between Janus and the far end), which
 * loses and delays packets by a seeded schedule; the call must keep audio both ways, and the
 * quality the phone publishes (what the dialpad shows) must reflect what the network did.
 */
describe('a call over a bad network', () => {
  let session: PhoneSession;
  let impaired: ImpairedFarEnd;
  let page: Page;

  beforeAll(async () => {
    session = await startPhoneSession({ impairedNetwork: true });
    impaired = session.lab.impaired!;
    page = await session.openPhone();
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') console.error(await page.evaluate(() => window.harness.logs.join('\n')));
  });
  afterAll(async () => {
    await session?.stop();
  });

  /** One call of `seconds` under `impairment`, hung up by the agent. */
  const callUnder = async (impairment: Impairment, seconds = 8): Promise<CallOutcome> => {
    const { phone: farEnd, relay } = impaired;
    relay.impair(impairment);
    const before = { ...relay.toAgent };
    const events = farEnd.events.length;
    const seq = await currentSeq(page);
    await page.evaluate(() => window.harness.phone().dial('impaired'));
    let peakHz: number;
    let quality: CallQuality;
    try {
      await waitForStatus(page, 'connected', seq);
      await farEnd.waitForEvent('CALL_ESTABLISHED', { after: events });
      await new Promise((r) => setTimeout(r, seconds * 1000));
      ({ peakHz } = await page.evaluate(() => window.harness.remoteTone()));
      quality = (await page.evaluate(() => window.harness.phone().snapshot.quality))!;
    } finally {
      // A call that went wrong is hung up too, so the next one starts from an idle phone.
      await page.evaluate(() => window.harness.phone().hangup()).catch(() => undefined);
    }
    await waitForStatus(page, 'ended', seq);
    await farEnd.waitForEvent('CALL_CLOSED', { after: events });
    const recording = await farEnd.recordedAudio();
    const dropped = relay.toAgent.dropped - before.dropped;
    const total = dropped + relay.toAgent.forwarded - before.forwarded;
    return { quality, heardHz: peakHz, farEndRms: rms((await readWav(recording!)).samples), relayLossToAgent: total === 0 ? 0 : dropped / total };
  };

  let clean: CallOutcome;
  let mild: CallOutcome;

  it('a clean path: the baseline the impaired calls are compared with', async () => {
    clean = await callUnder(NO_IMPAIRMENT);
    expect(Math.abs(clean.heardHz - FAR_END_TONE_HZ)).toBeLessThan(25);
    expect(clean.farEndRms).toBeGreaterThan(0.005);
    expect(clean.quality.packetLoss).toBe(0);
    expect(clean.quality.mos).toBeGreaterThan(4);
  });

  it('1% loss and 30 ms jitter: audio both ways, and the quality shown drops with the loss and jitter the agent gets', async () => {
    mild = await callUnder({ lossRate: 0.01, delayMs: 30, jitterMs: 30 });
    console.info('1% loss, 30 ms jitter:', mild);
    expect(Math.abs(mild.heardHz - FAR_END_TONE_HZ)).toBeLessThan(25);
    expect(mild.farEndRms).toBeGreaterThan(0.005);
    expect(mild.relayLossToAgent).toBeGreaterThan(0);
    // The phone counts what the relay dropped on the way to the agent (within a packet or two).
    expect(mild.quality.packetLoss).toBeGreaterThan(mild.relayLossToAgent / 2);
    expect(mild.quality.packetLoss).toBeLessThan(mild.relayLossToAgent * 2);
    // Delays drawn from 0..60 ms differ by 20 ms on average from one packet to the next: RFC 3550
    // jitter settles near that (a loaded machine only adds to it, so no comparison with the clean call).
    expect(mild.quality.jitter).toBeGreaterThan(0.008);
    expect(mild.quality.mos).toBeLessThan(clean.quality.mos);
  });

  it('5% loss: still audio both ways, and the quality shown drops further', async () => {
    const lossy = await callUnder({ lossRate: 0.05, delayMs: 30, jitterMs: 30 });
    console.info('5% loss, 30 ms jitter:', lossy);
    expect(Math.abs(lossy.heardHz - FAR_END_TONE_HZ)).toBeLessThan(25);
    expect(lossy.farEndRms).toBeGreaterThan(0.005);
    expect(lossy.quality.packetLoss).toBeGreaterThan(0.025);
    expect(lossy.quality.mos).toBeLessThan(mild.quality.mos);
  });
});
