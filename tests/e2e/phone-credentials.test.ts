import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { janusTokenExpiresAt } from '@patchbay/devservers';
import { currentSeq, labIssuer, packetsReceived, startPhoneSession, waitForStatus, type PhoneSession } from './phone-page/session.js';
import type { HarnessConfig } from './phone-page/main.js';

/** One WebSocket frame between the page and Janus, parsed, with when it went. */
interface Frame {
  at: number;
  direction: 'sent' | 'received';
  message: {
    janus?: string;
    token?: string;
    transaction?: string;
    body?: { request?: string; refresh?: boolean };
    error?: { code: number; reason: string };
    plugindata?: { data?: { result?: { event?: string } } };
  };
}

/** Every frame the page exchanges with Janus from now on (Chromium's own view of its WebSockets). */
function recordFrames(page: Page): Frame[] {
  const frames: Frame[] = [];
  page.on('websocket', (socket) => {
    const keep = (direction: Frame['direction']) => (frame: { payload: string | Buffer }) => {
      frames.push({ at: Date.now(), direction, message: JSON.parse(String(frame.payload)) as Frame['message'] });
    };
    socket.on('framesent', keep('sent'));
    socket.on('framereceived', keep('received'));
  });
  return frames;
}

/** The first frame, seen or coming, that matches. */
async function nextFrame(frames: Frame[], match: (frame: Frame) => boolean, timeoutMs: number): Promise<Frame> {
  await expect.poll(() => frames.some(match), { timeout: timeoutMs }).toBe(true);
  return frames.find(match)!;
}

// The phone in Chromium against real Janus, kamailio and baresip, with credentials that last
// seconds: what it does when the ones it holds run out.
describe('short-lived credentials', () => {
  let session: PhoneSession;
  let page: Page | null = null;

  beforeAll(async () => {
    session = await startPhoneSession();
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) console.error(await page.evaluate(() => window.harness.logs.join('\n')));
    await session.closePhones();
    page = null;
  });
  afterAll(async () => {
    await session?.stop();
  });

  async function startPhone(issuer: ReturnType<typeof labIssuer>): Promise<{ page: Page; frames: Frame[] }> {
    const { lab } = session;
    const tab = await session.newPhoneTab(issuer);
    const frames = recordFrames(tab);
    const config: HarnessConfig = { servers: [lab.janus.url], username: lab.agent.username, proxy: lab.agent.proxy, domain: lab.domain };
    await tab.evaluate((c) => window.harness.start(c), config);
    page = tab;
    return { page: tab, frames };
  }

  it('a call outlives its first gateway token and SIP credential: keepalives, a hang-up and the next call are accepted, and audio flows', { timeout: 90_000 }, async () => {
    const { customer } = session.lab;
    const { page, frames } = await startPhone(labIssuer(session.lab, { ttlSeconds: 20 }));
    const created = frames.find((f) => f.direction === 'sent' && f.message.janus === 'create');
    const firstExpiry = janusTokenExpiresAt(created!.message.token!);

    const seq = await currentSeq(page);
    const before = customer.events.length;
    await page.evaluate(() => window.harness.phone().dial('customer'));
    const connected = await waitForStatus(page, 'connected', seq);
    await customer.waitForEvent('CALL_ESTABLISHED', { after: before });

    // janus.js sends a keepalive every 25 s: wait for one sent after the first token expired, and
    // for Janus's answer to it.
    const keepalive = await nextFrame(frames, (f) => f.direction === 'sent' && f.message.janus === 'keepalive' && f.at > firstExpiry + 1000, 40_000);
    const answer = await nextFrame(frames, (f) => f.direction === 'received' && f.message.transaction === keepalive.message.transaction, 5000);
    expect(answer.message.janus).toBe('ack');

    // Meanwhile the phone registered again with a renewed SIP credential, on the same handle.
    const refresh = frames.find((f) => f.direction === 'sent' && f.message.body?.request === 'register' && f.message.body.refresh === true);
    expect(refresh, 'a REGISTER refresh with the renewed credential').toBeDefined();
    expect(frames.some((f) => f.direction === 'received' && f.at > refresh!.at && f.message.plugindata?.data?.result?.event === 'registered')).toBe(true);

    // The call is the same call, untouched, and audio still flows.
    expect(await page.evaluate(() => window.harness.phone().snapshot)).toMatchObject({ status: 'connected', callId: connected.callId });
    const packets = await packetsReceived(page);
    await expect.poll(() => packetsReceived(page), { timeout: 5000 }).toBeGreaterThan(packets + 25);

    // The hang-up goes through (Janus takes the request, the customer gets the BYE).
    const hangingUp = customer.events.length;
    await page.evaluate(() => window.harness.phone().hangup());
    expect((await waitForStatus(page, 'ended', seq)).cause).toBe('local-hangup');
    await customer.waitForEvent('CALL_CLOSED', { after: hangingUp });

    // A new call after the first SIP credential expired: the INVITE carries the renewed one.
    await page.waitForFunction(() => window.harness.phone().isLineFree(), undefined, { timeout: 15_000 });
    const again = await currentSeq(page);
    await page.evaluate(() => window.harness.phone().dial('customer'));
    await waitForStatus(page, 'connected', again);
    await page.evaluate(() => window.harness.phone().hangup());
    await waitForStatus(page, 'ended', again);

    // Janus refused nothing, and no request went out with a token past its expiry.
    expect(frames.filter((f) => f.direction === 'received' && f.message.janus === 'error')).toEqual([]);
    const stale = frames.filter((f) => f.direction === 'sent' && f.message.token !== undefined && janusTokenExpiresAt(f.message.token) <= f.at);
    expect(stale).toEqual([]);
    expect(new Set(frames.map((f) => f.message.token).filter(Boolean)).size).toBeGreaterThan(1);
  });

  it('a call placed while a renewal waits for a slow registrar goes out once the registration is done', { timeout: 60_000 }, async () => {
    const { lab } = session;
    const { page, frames } = await startPhone(labIssuer(lab, { ttlSeconds: 3 }));
    const thaw = lab.registrar.freeze();
    let waiting: Frame;
    try {
      // The next renewal's REGISTER goes out and waits: Janus's account is registering meanwhile.
      const frozenAt = Date.now();
      waiting = await nextFrame(frames, (f) => f.direction === 'sent' && f.at > frozenAt && f.message.body?.request === 'register', 5000);
      const seq = await currentSeq(page);
      await page.evaluate(() => void window.harness.phone().dial('customer'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(
        frames.some((f) => f.direction === 'sent' && f.message.body?.request === 'call'),
        'a call request while registering',
      ).toBe(false);
      thaw();
      await waitForStatus(page, 'connected', seq);
    } finally {
      thaw();
    }
    // The call went out after the registration was answered, and the plugin refused nothing.
    const call = frames.find((f) => f.direction === 'sent' && f.message.body?.request === 'call')!;
    const registered = frames.filter((f) => f.direction === 'received' && f.message.plugindata?.data?.result?.event === 'registered');
    expect(registered.some((f) => f.at > waiting.at && f.at <= call.at)).toBe(true);
    expect(frames.filter((f) => f.direction === 'received' && (f.message.plugindata?.data as { error?: string } | undefined)?.error)).toEqual([]);
    await page.evaluate(() => window.harness.phone().hangup());
  });

  /**
   * Connects a call to the customer with credentials that last `ttlSeconds`, then takes the
   * credentials service away (every ask fails, as when it cannot be reached) until `backWhen`
   * says it is back, and waits until the gateway token the page holds has expired.
   */
  async function callOutlivingItsToken(ttlSeconds: number, backWhen: () => boolean): Promise<{ page: Page; frames: Frame[]; seq: number }> {
    const { customer } = session.lab;
    const issuer = labIssuer(session.lab, { ttlSeconds });
    const { page, frames } = await startPhone(issuer);
    const seq = await currentSeq(page);
    const before = customer.events.length;
    await page.evaluate(() => window.harness.phone().dial('customer'));
    await waitForStatus(page, 'connected', seq);
    await customer.waitForEvent('CALL_ESTABLISHED', { after: before });
    const mint = { ...issuer };
    const down = (): never => {
      throw new Error('the credentials service cannot be reached');
    };
    issuer.gatewayToken = () => (backWhen() ? mint.gatewayToken() : down());
    issuer.sipCredential = () => (backWhen() ? mint.sipCredential() : down());
    const held = frames.filter((f) => f.direction === 'sent' && f.message.token !== undefined).at(-1)!;
    // Janus counts the expiry in whole seconds.
    const expiredAt = janusTokenExpiresAt(held.message.token!) + 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiredAt - Date.now())));
    expect(await page.evaluate(() => window.harness.phone().snapshot.status)).toBe('connected');
    return { page, frames, seq };
  }

  /** The SIP plugin hang-up requests the page sent, and what Janus answered to each. */
  function hangups(frames: Frame[]): Array<{ sent: Frame; answer: Frame | undefined }> {
    return frames
      .filter((f) => f.direction === 'sent' && f.message.body?.request === 'hangup')
      .map((sent) => ({ sent, answer: frames.find((f) => f.direction === 'received' && f.message.transaction === sent.message.transaction) }));
  }

  it('the gateway token ran out mid-call while the credentials service was down; back as the agent hangs up, the hang-up reaches the customer', { timeout: 60_000 }, async () => {
    const { customer } = session.lab;
    // Back from the hang-up on: before any renewal of the phone's own could pick it up.
    let back = false;
    const { page, frames, seq } = await callOutlivingItsToken(6, () => back);
    const hangingUp = customer.events.length;
    back = true;
    await page.evaluate(() => window.harness.phone().hangup());
    expect((await waitForStatus(page, 'ended', seq)).cause).toBe('local-hangup');
    await customer.waitForEvent('CALL_CLOSED', { after: hangingUp, timeoutMs: 5000 });

    // Janus refused the hang-up for its expired token; the phone sent it again with a fresh one.
    const [refused, again] = hangups(frames);
    expect(refused?.answer?.message.error?.code).toBe(403);
    expect(again, 'the hang-up sent again').toBeDefined();
    expect(janusTokenExpiresAt(again!.sent.message.token!)).toBeGreaterThan(again!.sent.at);
    // Taken: acknowledged, or the plugin's own answer first.
    expect(again!.answer?.message.janus).toMatch(/^(ack|event)$/);
  });

  it('the agent hangs up while the gateway refuses every request (the token ran out, the credentials service is down): the customer is hung up all the same', { timeout: 60_000 }, async () => {
    const { customer } = session.lab;
    const { page, frames, seq } = await callOutlivingItsToken(6, () => false);
    const hangingUp = customer.events.length;
    await page.evaluate(() => window.harness.phone().hangup());
    expect((await waitForStatus(page, 'ended', seq)).cause).toBe('local-hangup');
    // Janus refused the request, and no fresh token could be had.
    expect(hangups(frames).map(({ answer }) => answer?.message.error?.code)).toEqual([403]);
    await customer.waitForEvent('CALL_CLOSED', { after: hangingUp, timeoutMs: 5000 });
    // The agent's microphone went with the call.
    expect(await page.evaluate(() => window.harness.phone().stats())).toBeNull();
  });

  it('credentials no longer minted (the agent was removed): the registration fails once they run out, and the agent sees why', { timeout: 90_000 }, async () => {
    const issuer = labIssuer(session.lab, { ttlSeconds: 5 });
    const { page } = await startPhone(issuer);
    expect(await page.evaluate(() => window.harness.phone().registrationState.status)).toBe('registered');
    const removed = (): never => {
      throw new Error('agent1 is no longer an agent of this call center');
    };
    issuer.sipCredential = removed;
    issuer.gatewayToken = removed;
    // The registration lasts no longer than the credential it was made with (the registrar's
    // minimum, 60 s): Janus's refresh of it is refused, and the phone has nothing new to offer.
    await page.waitForFunction(() => window.harness.phone().registrationState.status === 'failed', undefined, { timeout: 75_000 });
    expect(await page.evaluate(() => window.harness.phone().registrationState.detail)).toMatch(
      /^PHONE-002: SIP registration refused \(401\): Unauthorized; no new credentials: .*agent1 is no longer an agent of this call center/,
    );
  });
});
