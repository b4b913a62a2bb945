import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { CallSnapshot } from '@patchbay/contract';
import { labToneHz, type CustomerPhone } from '@patchbay/devservers';
import { currentSeq, startPhoneSession, waitForSnapshot, waitForStatus, type PhoneSession } from './phone-page/session.js';

// A second lab phone ("colleague") is the transfer target; the customer follows the REFER.
let session: PhoneSession;
let colleague: CustomerPhone;
beforeAll(async () => {
  session = await startPhoneSession({ extraCustomers: ['colleague'] });
  colleague = session.lab.others['colleague']!;
});
// Whatever a test left behind (its page, a call between the lab phones) goes before the next.
afterEach(async () => {
  await session.closePhones();
  await Promise.all([session.lab.customer.hangup(), colleague.hangup()]);
});
afterAll(async () => {
  await session?.stop();
});
beforeEach(async () => {
  await colleague.setAcceptMode('answer');
});

const CUSTOMER_HZ = labToneHz(0);
const COLLEAGUE_HZ = labToneHz(1);

/** The loudest frequency the agent's page plays, in Hz. */
async function heardHz(page: Page): Promise<number> {
  const tone = await page.evaluate(() => window.harness.remoteTone());
  expect(tone.peakDb).toBeGreaterThan(-60);
  return tone.peakHz;
}

/**
 * The agent consults the colleague and waits until they talk (the colleague's phone answered,
 * the page plays the colleague's tone); returns the snapshot with the consultation connected.
 */
async function consultColleague(page: Page, afterSeq: number): Promise<CallSnapshot> {
  const before = colleague.events.length;
  await page.evaluate(() => window.harness.phone().consult('colleague'));
  const consulting = await waitForSnapshot(page, { consult: 'connected' }, afterSeq);
  const answered = await colleague.waitForEvent('CALL_ESTABLISHED', { after: before });
  expect(answered.peeruri).toContain(session.lab.agent.user);
  await expect.poll(() => heardHz(page)).toBeCloseTo(COLLEAGUE_HZ, -2);
  return consulting;
}

/** The agent calls the customer and waits until they talk; returns the seq before the call. */
async function callCustomer(page: Page): Promise<number> {
  const seq = await currentSeq(page);
  await page.evaluate(() => window.harness.phone().dial('customer'));
  await waitForStatus(page, 'connected', seq);
  return seq;
}

/** The agent hangs up on the customer still in the call: an ordinary local hang-up at both ends. */
async function hangUpOnCustomer(page: Page, callSeq: number): Promise<void> {
  const { customer } = session.lab;
  const before = customer.events.length;
  await page.evaluate(() => window.harness.phone().hangup());
  expect(await waitForStatus(page, 'ended', callSeq)).toMatchObject({ cause: 'local-hangup' });
  await customer.waitForEvent('CALL_CLOSED', { after: before });
}

it('blind transfer: the customer is referred to another number and the agent leaves with cause transferred', async () => {
  const page = await session.openPhone();
  const seq = await callCustomer(page);
  const after = colleague.events.length;
  await page.evaluate(() => window.harness.phone().transfer('colleague'));
  const ended = await waitForStatus(page, 'ended', seq, 20_000);
  expect(ended).toMatchObject({ cause: 'transferred', causeDetail: 'transferred (200)' });
  // The customer followed the REFER: the colleague's phone answered a call from the customer.
  const established = await colleague.waitForEvent('CALL_ESTABLISHED', { after, timeoutMs: 10_000 });
  expect(established.peeruri).toContain('customer');
});

it("a blind transfer to a number nobody has is refused with the far end's words, and the call goes on", async () => {
  const page = await session.openPhone();
  const seq = await callCustomer(page);
  await page.evaluate(() => window.harness.phone().transfer('nobody'));
  const snapshot = await waitForSnapshot(page, { transfer: 'refused' }, seq, 20_000);
  expect(snapshot).toMatchObject({ status: 'connected', transfer: { mode: 'blind', target: 'nobody', status: 'refused' } });
  expect(snapshot.transfer?.detail).toMatch(/^4\d\d /);
  // The customer is still with the agent: hanging up now is an ordinary local hang-up.
  await expect.poll(() => heardHz(page)).toBeCloseTo(CUSTOMER_HZ, -2);
  await hangUpOnCustomer(page, seq);
});

it("a transfer the far end never answers is given up after the phone's timeout, and the call goes on", async () => {
  const page = await session.openPhone({ transferTimeoutMs: 1500 });
  const { customer } = session.lab;
  const seq = await callCustomer(page);
  // When the customer wakes, the REFER it missed reaches it; the colleague refuses that call,
  // so the customer stays with the agent whatever it does with it.
  await colleague.setAcceptMode('busy');
  const frozenAt = customer.events.length;
  const thaw = customer.freeze();
  try {
    await page.evaluate(() => window.harness.phone().transfer('colleague'));
    const snapshot = await waitForSnapshot(page, { transfer: 'refused' }, seq, 20_000);
    expect(snapshot).toMatchObject({ status: 'connected', transfer: { mode: 'blind', target: 'colleague', status: 'refused' } });
    expect(snapshot.transfer?.detail).toBe('no answer from the far end within 1.5 s');
  } finally {
    thaw();
  }
  // Awake, the customer acts on the REFER it missed: its call to the busy colleague is refused.
  expect((await customer.waitForEvent('CALL_CLOSED', { after: frozenAt })).peeruri).toContain('colleague');
  await hangUpOnCustomer(page, seq);
});

it('attended transfer: the customer waits on hold while the agent talks to the colleague, then the two are connected and the agent leaves', async () => {
  const page = await session.openPhone();
  const seq = await callCustomer(page);
  // The agent hears the colleague's tone, not the customer's, and the customer's call is held
  // (not dropped) while the consultation is up.
  const consulting = await consultColleague(page, seq);
  expect(consulting).toMatchObject({ status: 'on-hold', consult: { target: 'colleague' } });

  const afterConsult = colleague.events.length;
  await page.evaluate(() => window.harness.phone().completeTransfer());
  const ended = await waitForStatus(page, 'ended', seq, 20_000);
  expect(ended).toMatchObject({
    cause: 'transferred',
    consult: { status: 'ended', cause: 'transferred' },
    transfer: { mode: 'attended', target: 'colleague', status: 'requested' },
  });
  // The customer called the colleague as the REFER asked, and the agent's consult call is gone.
  const transferred = await colleague.waitForEvent('CALL_ESTABLISHED', { after: afterConsult, timeoutMs: 10_000 });
  expect(transferred.peeruri).toContain('customer');
  await colleague.waitForEvent('CALL_CLOSED', { after: afterConsult, timeoutMs: 10_000 });
});

it('attended transfer cancelled: the consultation is hung up and the customer taken off hold', async () => {
  const page = await session.openPhone();
  const seq = await callCustomer(page);
  const beforeConsult = colleague.events.length;
  const consulting = await consultColleague(page, seq);

  await page.evaluate(() => window.harness.phone().cancelConsult());
  const back = await waitForStatus(page, 'connected', consulting.seq);
  expect(back.consult).toMatchObject({ status: 'ended', cause: 'local-hangup' });
  await colleague.waitForEvent('CALL_CLOSED', { after: beforeConsult, timeoutMs: 10_000 });
  // The agent hears the customer again: the colleague's tone is gone.
  await expect.poll(() => heardHz(page)).toBeCloseTo(CUSTOMER_HZ, -2);
  await hangUpOnCustomer(page, seq);
});

it('a consultation the colleague refuses ends busy; the customer stays on hold until the agent resumes', async () => {
  await colleague.setAcceptMode('busy');
  const page = await session.openPhone();
  const seq = await callCustomer(page);
  await page.evaluate(() => window.harness.phone().consult('colleague'));
  const refused = await waitForSnapshot(page, { consult: 'failed' }, seq);
  expect(refused).toMatchObject({ status: 'on-hold', consult: { cause: 'busy' } });
  // Completing now is refused with a reason; the call is untouched.
  const error = await page.evaluate(() =>
    window.harness
      .phone()
      .completeTransfer()
      .then(
        () => null,
        (e: Error) => e.message,
      ),
  );
  expect(error).toMatch(/has not answered/);
  await page.evaluate(() => window.harness.phone().unhold());
  await waitForStatus(page, 'connected', refused.seq);
  await page.evaluate(() => window.harness.phone().hangup());
});

it('the colleague hangs up during the consultation: the customer still waits on hold, and Cancel brings them back', async () => {
  const page = await session.openPhone();
  const seq = await callCustomer(page);
  const consulting = await consultColleague(page, seq);
  await colleague.hangup();
  const left = await waitForSnapshot(page, { consult: 'ended' }, consulting.seq);
  expect(left).toMatchObject({ status: 'on-hold', consult: { cause: 'remote-hangup' } });
  await page.evaluate(() => window.harness.phone().cancelConsult());
  await waitForStatus(page, 'connected', left.seq);
  await expect.poll(() => heardHz(page)).toBeCloseTo(CUSTOMER_HZ, -2);
  await page.evaluate(() => window.harness.phone().hangup());
});

it('the customer hangs up during the consultation: their call ends, and the agent goes on with the colleague', async () => {
  const page = await session.openPhone();
  const { customer, registrar, agent } = session.lab;
  const seq = await callCustomer(page);
  const consulting = await consultColleague(page, seq);
  const before = colleague.events.length;
  await customer.hangup();
  const ended = await waitForStatus(page, 'ended', seq);
  expect(ended).toMatchObject({ cause: 'remote-hangup', consult: null });
  const goesOn = await waitForStatus(page, 'connected', ended.seq);
  expect(goesOn).toMatchObject({ direction: 'outbound', remoteNumber: 'colleague', connectedAt: consulting.consult!.connectedAt, consult: null });
  expect(goesOn.callId).not.toBe(ended.callId);

  // It is the agent's call now: they hear the colleague, and DTMF and hold work on its line.
  await expect.poll(() => heardHz(page)).toBeCloseTo(COLLEAGUE_HZ, -2);
  await page.evaluate(() => window.harness.phone().sendDtmf('7'));
  await expect.poll(() => colleague.events.slice(before).some((e) => e.type === 'CALL_DTMF_START' && e.param === '7')).toBe(true);
  await page.evaluate(() => window.harness.phone().hold());
  const held = await waitForStatus(page, 'on-hold', goesOn.seq);
  await page.evaluate(() => window.harness.phone().unhold());
  await waitForStatus(page, 'connected', held.seq);

  // The main line is free at the gateway meanwhile: a caller gets busy, and the call goes on.
  const calling = customer.events.length;
  await customer.dial(registrar.uri(agent.user));
  expect((await customer.waitForEvent('CALL_CLOSED', { after: calling })).param).toMatch(/486/);
  expect(await page.evaluate(() => window.harness.phone().snapshot.status)).toBe('connected');

  // Hanging up ends the colleague's call, and the phone is ready for the next one.
  await page.evaluate(() => window.harness.phone().hangup());
  expect(await waitForStatus(page, 'ended', held.seq)).toMatchObject({ callId: goesOn.callId, cause: 'local-hangup' });
  await colleague.waitForEvent('CALL_CLOSED', { after: before });
  await page.waitForFunction(() => window.harness.phone().isLineFree(), undefined, { timeout: 15_000 });
  const next = await callCustomer(page);
  expect(await page.evaluate(() => window.harness.phone().snapshot)).toMatchObject({ status: 'connected', remoteNumber: 'customer' });
  expect(next).toBeGreaterThan(goesOn.seq);
});

it('a second Consult while one is being set up is refused, and only one call reaches the colleague', async () => {
  const page = await session.openPhone();
  const seq = await callCustomer(page);
  const before = colleague.events.length;
  const outcomes = await page.evaluate(async () => {
    const phone = window.harness.phone();
    const results = await Promise.allSettled([phone.consult('colleague'), phone.consult('colleague')]);
    return results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).message));
  });
  expect(outcomes).toEqual(['ok', expect.stringMatching(/a consultation is already in progress/)]);
  await waitForSnapshot(page, { consult: 'connected' }, seq);
  await page.evaluate(() => window.harness.phone().cancelConsult());
  await colleague.waitForEvent('CALL_CLOSED', { after: before });
  expect(colleague.events.slice(before).filter((event) => event.type === 'CALL_ESTABLISHED')).toHaveLength(1);
  await page.evaluate(() => window.harness.phone().hangup());
});
