/**
 * The trust chain as an agent lives it, in Chromium through the simulator: the shell signs in with
 * the org's assertion, renews its short-lived credentials before they expire with nothing asking,
 * and an agent the admin removes from the call center is told why and loses the bus when what they
 * hold expires.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { agentId, subjects, type CallSnapshot } from '@patchbay/contract';
import { STACK_AGENT, STACK_COLLEAGUE, labToneHz, launchChromium, type Browser } from '@patchbay/devservers';
import { agentHears, callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { clickToDial } from '../support/click-to-dial.js';

// Short enough to watch a renewal (at four fifths of the life) and an expiry within a test.
const TTL_SECONDS = 20;
const ADA = { id: '003000000000001AAA', number: '4155550101' };
let lab: FullStack;
let colleagueBrowser: Browser | undefined;

beforeAll(async () => {
  lab = await startFullStack({ credentialsTtlSeconds: TTL_SECONDS, customers: [ADA.number] });
});
afterAll(async () => {
  await colleagueBrowser?.close();
  await lab?.stop();
});
afterEach(async () => {
  for (const page of lab.browser.context.pages()) await page.close();
  lab.stack.simulator.setAgentInCallCenter(true);
  for (const customer of lab.stack.customers.values()) await customer.hangup();
});

it('renews the credentials before they expire, and the bus stays up with the renewed JWT', async () => {
  const { shell } = await lab.openConsole('Lightning');
  const before = lab.stack.credentials.counts().issued;
  // Past the first expiry: renewed at 16 s, and the bus reconnected with a JWT the server accepts.
  await expect.poll(() => lab.stack.credentials.counts().issued, { timeout: 30_000 }).toBeGreaterThan(before);
  await new Promise((resolve) => setTimeout(resolve, (TTL_SECONDS + 2) * 1000 - 16_000));
  await expect.poll(() => shell.locator('.pb-status [data-part="bus"]').getAttribute('data-health'), { timeout: 10_000 }).toBe('ok');
  expect(await shell.locator('.pb-notices').textContent()).not.toContain('could not renew');
});

it('an agent removed from the call center is told why, and loses the bus when the JWT expires', async () => {
  const { shell } = await lab.openConsole('Lightning');
  await expect.poll(() => shell.locator('.pb-status [data-part="bus"]').getAttribute('data-health')).toBe('ok');
  lab.stack.simulator.setAgentInCallCenter(false);
  const notice = shell.locator('.pb-notices .pb-notice', { hasText: 'could not renew its access' });
  await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
  expect(await notice.textContent()).toContain('not assigned to a Patchbay call center');
  // nats-server closes the connection at the JWT's expiry and refuses the old JWT after it.
  await expect.poll(() => shell.locator('.pb-status [data-part="bus"]').getAttribute('data-health'), { timeout: 30_000 }).not.toBe('ok');
  const refusedSince = lab.stack.credentials.counts().refused;
  // Back in the call center: the next renewal succeeds, the notice goes and the bus comes back.
  lab.stack.simulator.setAgentInCallCenter(true);
  await expect.poll(() => notice.count(), { timeout: 90_000 }).toBe(0);
  await expect.poll(() => shell.locator('.pb-status [data-part="bus"]').getAttribute('data-health'), { timeout: 30_000 }).toBe('ok');
  // Refused by Apex, never by the service: the service saw no bad assertion.
  expect(lab.stack.credentials.counts().refused).toBe(refusedSince);
}, 180_000);

it('the credentials service restarted mid-call: the call goes on, the agent is told, and the next renewal succeeds', async () => {
  const { page, shell } = await lab.openConsole('Lightning');
  const customer = lab.stack.customers.get(ADA.number)!;
  const before = customer.events.length;
  await clickToDial(page, shell, ADA.id);
  await expect.poll(() => agentHears(shell, labToneHz(0))).toBe(true);
  const issued = lab.stack.credentials.counts().issued;
  // Down across the renewal point (four fifths of 20 s) and past the credentials' expiry.
  const restart = lab.stack.credentials.restart({ downMs: 25_000 });
  const notice = shell.locator('.pb-notices .pb-notice', { hasText: 'could not renew its access' });
  await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
  expect(await notice.textContent()).toContain('Calls go on');
  await restart;
  // Back: renewed, the notice gone, and the call never dropped, its audio still flowing.
  await expect.poll(() => lab.stack.credentials.counts().issued, { timeout: 30_000 }).toBeGreaterThan(issued);
  await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(0);
  expect(await callState(shell)).toBe('connected');
  await expect.poll(() => agentHears(shell, labToneHz(0))).toBe(true);
  expect(customer.events.slice(before).map((event) => event.type)).not.toContain('CALL_CLOSED');
  await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => callState(shell)).toBe('ended');
  await customer.waitForEvent('CALL_CLOSED', { after: before });
}, 180_000);

/** Every file of a folder and its subfolders, as text. */
async function textsUnder(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) texts.push(...(await textsUnder(path)));
    else if (/\.(conf|cfg|jcfg|jwt)$/.test(entry.name)) texts.push(await readFile(path, 'utf8'));
  }
  return texts;
}

it('two Salesforce users sign in and call each other and the customer, with no agent in any server config', async () => {
  colleagueBrowser = await launchChromium();
  const first = await lab.openConsole('Lightning', { user: STACK_AGENT });
  const second = await lab.openConsole('Lightning', { user: STACK_COLLEAGUE, browser: colleagueBrowser });

  // The first agent calls the second at their SIP address, as any of their widgets would ask; its
  // panel stays closed (nobody clicked), so its call is followed on its bus.
  const widget = await lab.stack.bus.connect(STACK_AGENT);
  let firstCall: CallSnapshot | null = null;
  widget.subscribe(subjects.callState(agentId(STACK_AGENT)), (snapshot) => (firstCall = snapshot));
  await widget.publish(subjects.dial(agentId(STACK_AGENT)), { number: lab.stack.registrar.uri(STACK_COLLEAGUE) });
  await expect.poll(() => callState(second.shell), { timeout: 15_000 }).toBe('ringing-in');
  await second.shell.locator('pb-dialpad').getByRole('button', { name: 'Answer' }).click();
  await expect.poll(() => (firstCall?.status === 'failed' ? `failed: ${firstCall.cause} ${firstCall.causeDetail}` : firstCall?.status), { timeout: 15_000 }).toBe('connected');
  await expect.poll(() => callState(second.shell)).toBe('connected');
  await widget.publish(subjects.hangup(agentId(STACK_AGENT)), { callId: firstCall!.callId! });
  await expect.poll(() => callState(second.shell), { timeout: 15_000 }).toBe('ended');
  await expect.poll(() => firstCall?.status).toBe('ended');
  await widget.close();

  // Each calls the customer in turn.
  const customer = lab.stack.customers.get(ADA.number)!;
  for (const agent of [first, second]) {
    const before = customer.events.length;
    await agent.page.locator(`a.phone[data-record-id="${ADA.id}"]`).click();
    await expect
      .poll(
        async () =>
          (await callState(agent.shell)) === 'failed' ? `failed: ${await agent.shell.locator('pb-dialpad').evaluate((dialpad) => dialpad.shadowRoot?.textContent ?? '')}` : callState(agent.shell),
        { timeout: 15_000 },
      )
      .toBe('connected');
    await customer.waitForEvent('CALL_ESTABLISHED', { after: before, timeoutMs: 15_000 });
    await agent.shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await customer.waitForEvent('CALL_CLOSED', { after: before, timeoutMs: 15_000 });
    await expect.poll(() => callState(agent.shell)).toBe('ended');
  }

  // Neither agent is named in any server's configuration: the bus, the gateway, the registrar.
  const configs = [...(await textsUnder(lab.stack.bus.server.dir)), ...(await textsUnder(lab.stack.janus.configDir)), ...(await textsUnder(dirname(lab.stack.registrar.logFile)))];
  expect(configs.length).toBeGreaterThan(3);
  for (const text of configs) for (const agent of [STACK_AGENT, STACK_COLLEAGUE]) expect(text).not.toContain(agent);
}, 180_000);
