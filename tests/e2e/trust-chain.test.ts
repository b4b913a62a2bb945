/**
 * The trust chain as an agent lives it, in Chromium through the simulator: the shell signs in with
 * the org's assertion, renews its short-lived credentials before they expire with nothing asking,
 * and an agent the admin removes from the call center is told why and loses the bus when what they
 * hold expires.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { labToneHz } from '@patchbay/devservers';
import { agentHears, callState, startFullStack, type FullStack } from '../support/full-stack.js';

// Short enough to watch a renewal (at four fifths of the life) and an expiry within a test.
const TTL_SECONDS = 20;
const ADA = { id: '003000000000001AAA', number: '4155550101' };
let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack({ credentialsTtlSeconds: TTL_SECONDS, customers: [ADA.number] });
});
afterAll(async () => lab?.stop());
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
  await page.locator(`a.phone[data-record-id="${ADA.id}"]`).click();
  await expect.poll(() => callState(shell), { timeout: 15_000 }).toBe('connected');
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
