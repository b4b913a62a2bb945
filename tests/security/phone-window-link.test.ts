/**
 * The phone window takes the agent's credentials from a Salesforce tab over a MessagePort. A page
 * of another origin that opens the window's URL must get nothing from it (the window greets its
 * opener on the shell's origin only), and must not be able to link it to credentials or a bus of
 * its own choosing (the window takes a port from the shell's origin only). And the window, once
 * linked by the real tab, keeps the credentials out of its globals and web storage. Once that tab
 * is gone the window renews over the agent's bus, where anything else holding the agent's bus may
 * ask too (a widget's view of the bus refuses it; widget-bus-view.test.ts): what it gets is sealed
 * to the window's key, and asking costs Salesforce nothing.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { agentId, subjects } from '@patchbay/contract';
import { STACK_AGENT } from '@patchbay/devservers';
import { startFullStack, type FullStack } from '../support/full-stack.js';

let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack();
});
afterAll(async () => lab?.stop());
afterEach(() => lab.tidy());

test('a page of another origin that opens the phone window hears nothing and cannot link it', async () => {
  const attacker = await lab.browser.context.newPage();
  // Any page that is not the shell's origin: the simulator's admin page stands for a hostile site.
  await attacker.goto(new URL('/admin', lab.stack.simulator.consoleUrl('Lightning')).href);
  const windowUrl = `${new URL(lab.stack.softphone.shellUrl).origin}/?phone-window`;
  const [phoneWindow] = await Promise.all([
    attacker.context().waitForEvent('page'),
    attacker.evaluate((url) => {
      const heard: unknown[] = [];
      (window as unknown as { heard: unknown[] }).heard = heard;
      window.addEventListener('message', (event) => heard.push(event.data));
      const opened = window.open(url, 'patchbay-phone-probe');
      // A forged link: a well-formed setup naming the attacker's bus, sent once the window is up.
      const forged = {
        agentId: 'victim',
        bus: { jwt: 'forged', expiresAt: Date.now() + 600_000 },
        gateway: { token: 'forged', expiresAt: Date.now() + 600_000 },
        sip: { username: 'sip:victim@127.0.0.1', authUser: 'victim', password: 'forged', expiresAt: Date.now() + 600_000 },
      };
      setTimeout(() => {
        const { port1, port2 } = new MessageChannel();
        opened?.postMessage({ kind: 'patchbay.phone-window.link' }, '*', [port2]);
        port1.postMessage({ kind: 'setup', setup: { agentId: 'victim', displayName: 'x', busUrls: ['wss://127.0.0.1:1'], gatewayUrls: [], dialing: null, credentials: forged } });
      }, 2000);
    }, windowUrl),
  ]);
  await phoneWindow.locator('p.pb-phone-window').waitFor({ state: 'attached' });
  await new Promise((resolve) => setTimeout(resolve, 4000));
  expect(await attacker.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).toEqual([]);
  expect(await phoneWindow.locator('html').getAttribute('data-linked')).toBeNull();
  expect(await phoneWindow.locator('p.pb-phone-window').textContent()).toBe('Waiting for the Salesforce tab…');
});

test("the linked phone window keeps the agent's credentials out of its globals and web storage", async () => {
  const { page, shell } = await lab.openConsole('Lightning');
  await page.locator('#utility-item').click();
  const [phoneWindow] = await Promise.all([page.context().waitForEvent('page'), shell.locator('.pb-status button.phone-window').click()]);
  await expect.poll(() => phoneWindow.locator('.pb-status [data-part="phone"]').textContent(), { timeout: 20_000 }).toBe('Phone ready');
  const secrets = lab.stack.credentials.issued().flatMap((credentials) => [credentials.bus.jwt.split('.').at(-1)!, credentials.sip.password, credentials.gateway.token.split(':').at(-1)!]);
  const found = await phoneWindow.evaluate((secrets) => {
    const leaks: string[] = [];
    const check = (value: string, where: string): void => {
      for (const secret of secrets) if (value.includes(secret)) leaks.push(where);
    };
    for (const key of Object.getOwnPropertyNames(window)) {
      let value: unknown;
      try {
        value = (window as unknown as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      if (typeof value === 'string') check(value, `window.${key}`);
      else if (typeof value === 'object' && value !== null && !(value instanceof Node) && value !== window) {
        try {
          check(JSON.stringify(value) ?? '', `window.${key}`);
        } catch {
          // Cyclic or host objects: not where a credential would be kept as data.
        }
      }
    }
    for (const storage of [localStorage, sessionStorage]) for (let i = 0; i < storage.length; i++) check(`${storage.key(i)}=${storage.getItem(storage.key(i)!)}`, 'storage');
    check(document.documentElement.outerHTML, 'document');
    return leaks;
  }, secrets);
  expect(secrets.length).toBeGreaterThan(0);
  expect(found).toEqual([]);
});

test("anything on the agent's bus that asks for the phone window's renewal gets only what the window alone can open", async () => {
  const { page, shell } = await lab.openConsole('Lightning');
  await page.locator('#utility-item').click();
  const [phoneWindow] = await Promise.all([page.context().waitForEvent('page'), shell.locator('.pb-status button.phone-window').click()]);
  await expect.poll(() => phoneWindow.locator('.pb-status [data-part="phone"]').textContent(), { timeout: 20_000 }).toBe('Phone ready');
  await expect.poll(() => shell.locator('.pb-status [data-part="phone"]').textContent(), { timeout: 10_000 }).toBe('Phone in its window');
  // A client of the agent's own bus, any subject of the contract (more than a widget's view allows).
  const widget = await lab.stack.bus.connect(STACK_AGENT);
  try {
    const issued = lab.stack.credentials.counts().issued;
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await widget.request(subjects.phoneRenewal(agentId(STACK_AGENT)), {}));
    expect(replies.every((reply) => reply.sealed !== null && reply.refused === null)).toBe(true);
    const secrets = lab.stack.credentials.issued().flatMap((credentials) => [credentials.bus.jwt.split('.').at(-1)!, credentials.sip.password, credentials.gateway.token.split(':').at(-1)!]);
    const text = JSON.stringify(replies);
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
    // The tab sealed the credentials it holds: a flood of requests fetched nothing from Salesforce.
    expect(lab.stack.credentials.counts().issued).toBe(issued);
  } finally {
    await widget.close();
  }
});
