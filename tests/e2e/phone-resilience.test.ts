import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTcpProxy, type TcpProxy } from '@patchbay/devservers';
import { currentSeq, customerCallsAgent, packetsReceived, startError, startPhoneSession, waitForStatus, type PhoneSession } from './phone-page/session.js';

/** The level the page's microphone track feeds into the call (0 when muted). */
function sentAudioLevel(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const report = await window.harness.phone().stats();
    let level = 0;
    report?.forEach((s: { type: string; totalAudioEnergy?: number }) => {
      if (s.type === 'media-source') level = s.totalAudioEnergy ?? 0;
    });
    return level;
  });
}

// The phone reaches Janus through a TCP relay that the test can cut, like a network blip.
describe('phone resilience and controls', () => {
  let session: PhoneSession;
  let proxy: TcpProxy;
  let page: Page;

  beforeAll(async () => {
    session = await startPhoneSession();
    proxy = await startTcpProxy(session.lab.janus.port);
    page = await session.openPhone({ servers: [`wss://127.0.0.1:${proxy.port}`] });
  });
  // The tests go on from one call (they run in order); only tabs opened beside it are cleaned up.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') console.error(await page.evaluate(() => window.harness.logs.join('\n')));
    for (const tab of session.browser.context.pages()) if (tab !== page) await tab.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await session?.stop();
  });

  it('a second tab cannot start a second phone for the same agent', async () => {
    const tab = await session.newPhoneTab();
    const lab = session.lab;
    const error = await startError(tab, { servers: [lab.janus.url], username: lab.agent.username, proxy: lab.agent.proxy, domain: lab.domain });
    expect(error).toMatch(/^PhoneInUseError: PHONE-006: the phone for sip:agent1@.* is already running in another tab/);
  });

  it('rings on an inbound call and stops ringing on answer; mute silences what the customer gets', async () => {
    const seq = await currentSeq(page);
    await customerCallsAgent(session, page);
    expect(await page.evaluate(() => window.harness.rings)).toEqual(['start']);
    await page.evaluate(() => window.harness.phone().answer());
    await waitForStatus(page, 'connected', seq);
    expect(await page.evaluate(() => window.harness.rings)).toEqual(['start', 'stop']);

    // totalAudioEnergy grows while the fake microphone's beep is sent, and stops growing when muted.
    // The stats lag the mute by a few hundred ms: each check polls until a whole second agrees.
    const growthOverOneSecond = async (): Promise<number> => {
      const start = await sentAudioLevel(page);
      await new Promise((r) => setTimeout(r, 1000));
      return (await sentAudioLevel(page)) - start;
    };
    const speaking = await growthOverOneSecond();
    expect(speaking).toBeGreaterThan(0);
    await page.evaluate(() => window.harness.phone().setMuted(true));
    expect(await page.evaluate(() => window.harness.phone().snapshot.muted)).toBe(true);
    await expect.poll(growthOverOneSecond, { timeout: 10_000 }).toBeLessThan(speaking / 100);
    await page.evaluate(() => window.harness.phone().setMuted(false));
    await expect.poll(growthOverOneSecond, { timeout: 10_000 }).toBeGreaterThan(speaking / 2);
  });

  it('switches microphone and speaker during the call', async () => {
    const devices = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).map((d) => ({ kind: d.kind, deviceId: d.deviceId })));
    const microphone = devices.find((d) => d.kind === 'audioinput' && d.deviceId !== 'default');
    const speaker = devices.find((d) => d.kind === 'audiooutput');
    expect(microphone).toBeDefined();
    expect(speaker).toBeDefined();
    const before = await sentAudioLevel(page);
    await page.evaluate((id) => window.harness.phone().setMicrophone(id), microphone!.deviceId);
    await page.evaluate((id) => window.harness.phone().setSpeaker(id), speaker!.deviceId);
    expect(await page.evaluate(() => (document.getElementById('remote-audio') as HTMLAudioElement).sinkId)).toBe(speaker!.deviceId);
    // The replaced track carries the beep on: the energy sent keeps growing.
    await expect.poll(() => sentAudioLevel(page), { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await page.evaluate(() => window.harness.phone().snapshot.status)).toBe('connected');
  });

  it('a network change restarts ICE and the call keeps its audio', async () => {
    const before = await packetsReceived(page);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => page.evaluate(() => window.harness.logs.some((l) => l.includes('restarting ICE: network changed')))).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.evaluate(() => window.harness.logs.filter((l) => l.includes('ICE restart failed')))).toEqual([]);
    expect(await page.evaluate(() => window.harness.phone().snapshot.status)).toBe('connected');
    expect(await packetsReceived(page)).toBeGreaterThan(before + 25);
  });

  it('a dropped gateway connection is reclaimed: the call survives and the agent sees it happened', async () => {
    const seq = await currentSeq(page);
    const before = await packetsReceived(page);
    proxy.dropConnections();
    await page.waitForFunction(() => window.harness.registrations.some((r) => r.status === 'reconnecting'), undefined, { timeout: 10_000 });
    await page.waitForFunction(() => window.harness.phone().registrationState.status === 'registered' && window.harness.phone().registrationState.reconnects >= 1, undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => window.harness.phone().registrationState.detail)).toBe('session reclaimed');
    const snapshot = await page.evaluate(() => window.harness.phone().snapshot);
    expect(snapshot).toMatchObject({ status: 'connected', seq: expect.any(Number) });
    await expect.poll(() => packetsReceived(page), { timeout: 10_000 }).toBeGreaterThan(before + 25);
    // Still controllable over the new connection: hang up ends the call at the customer.
    const events = session.lab.customer.events.length;
    await page.evaluate(() => window.harness.phone().hangup());
    expect((await waitForStatus(page, 'ended', seq)).cause).toBe('local-hangup');
    await session.lab.customer.waitForEvent('CALL_CLOSED', { after: events });
  });

  it('a reload mid-call hangs up at the far end instead of leaving a ghost call', async () => {
    const { customer } = session.lab;
    await page.waitForFunction(() => window.harness.phone().isLineFree(), undefined, { timeout: 15_000 });
    const seq = await currentSeq(page);
    await page.evaluate(() => window.harness.phone().dial('customer'));
    await waitForStatus(page, 'connected', seq);
    const events = customer.events.length;
    const reloadedAt = Date.now();
    await page.reload();
    const closed = await customer.waitForEvent('CALL_CLOSED', { after: events, timeoutMs: 10_000 });
    expect(closed.receivedAt - reloadedAt).toBeLessThan(5000);
  });
});
