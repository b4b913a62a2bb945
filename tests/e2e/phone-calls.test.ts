import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readWav, rms, toneShare } from '@patchbay/devservers';
import { startPhoneSession, statuses, waitForStatus, type PhoneSession } from './phone-page/session.js';

// The phone in headless Chromium against real Janus, kamailio and baresip (fake microphone: a beep).
describe('phone calls end to end', () => {
  let session: PhoneSession;
  let page: Page;

  beforeAll(async () => {
    session = await startPhoneSession();
    page = await session.openPhone();
  });
  afterAll(async () => {
    await session?.stop();
  });
  afterEach(async () => {
    await session.lab.customer.setAcceptMode('answer');
  });

  it('registers with the agent credentials', async () => {
    const registration = await page.evaluate(() => window.harness.phone().registrationState);
    expect(registration.status).toBe('registered');
  });

  it('outbound: connects, audio both ways, DTMF, hold and unhold, hang up', async () => {
    const { customer } = session.lab;
    const before = customer.events.length;
    await page.evaluate(() => window.harness.phone().dial('customer'));
    const connected = await waitForStatus(page, 'connected');
    expect(connected).toMatchObject({ direction: 'outbound', remoteNumber: 'customer', cause: null });
    await customer.waitForEvent('CALL_ESTABLISHED');

    // The agent's page hears the customer's 440 Hz tone.
    await page.waitForFunction(() => window.harness.phone().snapshot.quality !== null, undefined, { timeout: 10_000 });
    const tone = await page.evaluate(() => window.harness.remoteTone());
    expect(Math.abs(tone.peakHz - 440)).toBeLessThan(25);
    expect(tone.peakDb).toBeGreaterThan(-60);

    const quality = await page.evaluate(() => window.harness.phone().snapshot.quality);
    expect(quality!.mos).toBeGreaterThan(3.5);

    await page.evaluate(() => window.harness.phone().sendDtmf('5'));
    await expect.poll(() => customer.events.slice(before).some((e) => e.type === 'CALL_DTMF_START' && e.param === '5'), { timeout: 5000 }).toBe(true);

    await page.evaluate(() => window.harness.phone().hold());
    await waitForStatus(page, 'on-hold');
    await page.evaluate(() => window.harness.phone().unhold());
    await expect.poll(() => page.evaluate(() => window.harness.phone().snapshot.status)).toBe('connected');

    await page.evaluate(() => window.harness.phone().hangup());
    const ended = await waitForStatus(page, 'ended');
    expect(ended.cause).toBe('local-hangup');
    await customer.waitForEvent('CALL_CLOSED');
    expect(await statuses(page)).toEqual(expect.arrayContaining(['dialing', 'connected', 'on-hold', 'ended']));

    // The customer heard the agent (Chromium's fake microphone beeps): the recording is not silent.
    const recording = await customer.recordedAudio();
    expect(recording).not.toBeNull();
    const heard = await readWav(recording!);
    expect(heard.samples.length).toBeGreaterThan(heard.sampleRate);
    expect(rms(heard.samples)).toBeGreaterThan(0.005);
    expect(toneShare(heard, 440)).toBeLessThan(0.5); // it is the agent's audio, not our own tone looped back
  });
});
