import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '@patchbay/devservers';
import { currentSeq, customerCallsAgent, startPhoneSession, waitForStatus, type PhoneSession } from './phone-page/session.js';

/** What the issue promises: a phone that died without a goodbye is off the registrar within this. */
const DEAD_PHONE_GONE_MS = 10_000;

/**
 * The agent's phone is registered from two browsers (two computers, as the registrar sees it: two
 * Janus sessions, two contacts). One dies without pagehide, by SIGKILL of the whole browser or a
 * crash of its page. Within 10 s the registrar holds only the live phone's contact, and a call to
 * the agent is forked to that contact alone.
 */
describe('a phone that dies without a goodbye', () => {
  let session: PhoneSession;
  let live: Page;
  let liveContact: string;
  const victims: Browser[] = [];

  const contacts = async (): Promise<string[]> => (await session.lab.registrar.bindings(session.lab.agent.user)).map((b) => b.contact);

  /** Opens the agent's phone in a browser of its own, and resolves with its new contact once registered. */
  const victimPhone = async (): Promise<{ browser: Browser; page: Page; contact: string }> => {
    const browser = await launchChromium();
    victims.push(browser);
    const before = await contacts();
    const page = await session.openPhoneIn(browser);
    await expect.poll(async () => (await contacts()).length, { timeout: 10_000 }).toBe(before.length + 1);
    const contact = (await contacts()).find((c) => !before.includes(c))!;
    return { browser, page, contact };
  };

  /** Ms from now until the registrar no longer holds `contact` (polled; fails past the promise's bound). */
  const untilGone = async (contact: string): Promise<number> => {
    const from = Date.now();
    await expect.poll(async () => (await contacts()).includes(contact), { timeout: DEAD_PHONE_GONE_MS, interval: 200 }).toBe(false);
    return Date.now() - from;
  };

  /** A customer's call rings the live phone, and every INVITE of it went to the live contact only. */
  const callRingsOnlyTheLivePhone = async (): Promise<void> => {
    const { registrar, customer } = session.lab;
    const logFrom = (await readFile(registrar.logFile, 'utf8')).length;
    const seq = await currentSeq(live);
    await customerCallsAgent(session, live);
    const branches = [...(await readFile(registrar.logFile, 'utf8')).slice(logFrom).matchAll(/INVITE (\S+) branch to (\S+)/g)];
    expect(branches.length).toBeGreaterThan(0);
    const perCall = new Map<string, string[]>();
    for (const [, callId, uri] of branches) perCall.set(callId!, [...(perCall.get(callId!) ?? []), uri!]);
    for (const uris of perCall.values()) expect(uris).toEqual([expect.stringContaining(liveContact.replace(/^sip:/, ''))]);
    const events = customer.events.length;
    await customer.hangup();
    await waitForStatus(live, 'ended', seq);
    await customer.waitForEvent('CALL_CLOSED', { after: events });
  };

  beforeAll(async () => {
    session = await startPhoneSession();
    live = await session.openPhone();
    // start() resolved once the registrar accepted the phone's REGISTER.
    const registered = await contacts();
    if (registered.length !== 1) throw new Error(`the registrar should hold the live phone's contact alone, not ${JSON.stringify(registered)}`);
    liveContact = registered[0]!;
  });
  afterAll(async () => {
    for (const browser of victims) await browser.close().catch(() => undefined);
    await session?.stop();
  });

  it('the whole browser killed: its registration is gone within 10 s, and a call rings only the live phone', async () => {
    const victim = await victimPhone();
    expect(await contacts()).toEqual(expect.arrayContaining([liveContact, victim.contact]));
    victim.browser.kill();
    const goneMs = await untilGone(victim.contact);
    console.info(`browser killed: its contact left the registrar after ${goneMs} ms`);
    expect(await contacts()).toEqual([liveContact]);
    await callRingsOnlyTheLivePhone();
  });

  it('the page crashed: its registration is gone within 10 s, and a call rings only the live phone', async () => {
    const victim = await victimPhone();
    const cdp = await victim.browser.context.newCDPSession(victim.page);
    // Page.crash never answers: the renderer it would answer from is gone.
    void cdp.send('Page.crash').catch(() => undefined);
    const goneMs = await untilGone(victim.contact);
    console.info(`page crashed: its contact left the registrar after ${goneMs} ms`);
    expect(await contacts()).toEqual([liveContact]);
    await callRingsOnlyTheLivePhone();
  });
});
