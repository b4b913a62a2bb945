/**
 * Finding: a widget could play the shell on the agent's bus. The shell handed each widget a view
 * of the page's bus that passed `reply`, `request` and `publish` straight through, and nats-server
 * cannot tell a widget from the shell (they share the agent's connection). A widget that answered
 * `query.phone-window` as an open phone window and asked `query.phone-handover` made the Salesforce
 * tab sign its phone out and leave it to a window that did not exist: the agent had no phone, and
 * the tab said "Phone in its window". It could also publish the shell's state (`state.*`) and
 * write the agent's presence, whose one writer is the tab that runs the phone.
 *
 * Here a real widget, built and published as a team would and mounted in the softphone through
 * the Salesforce simulator, tries all of that on cue; the tab keeps its phone (a click-to-dial
 * connects, with audio), and the honest widgets go on working.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { labToneHz, type StaticServer } from '@patchbay/devservers';
import { publishFixtureWidget } from '../support/build-widget.js';
import { callUntil } from '../support/call-until.js';
import { agentHears, startFullStack, type FullStack } from '../support/full-stack.js';

const ADA = { id: '003000000000001AAA', number: '4155550101' };
const ATTEMPTS = ['reply query.phone-window', 'publish state.phone-window', 'request query.phone-handover', 'publish state.health', 'request store.presence.set'];
let lab: FullStack;
let hostileServer: StaticServer;

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number] });
  hostileServer = await publishFixtureWidget('hostile', lab);
  lab.stack.simulator.updateSettings({ '/PatchbayWidgets/Widgets': 'dialpad,call-log,presence,hostile' });
}, 300_000); // a whole widget build

afterAll(async () => {
  await hostileServer?.close();
  await lab?.stop();
});

afterEach(() => lab.tidy());

test("a widget that plays the phone window is refused, the tab keeps the agent's phone, and the honest widgets still work", async () => {
  const { page, shell } = await lab.openConsole('Lightning');
  const refusalsLogged: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('WIDGET-BUS-REFUSED')) refusalsLogged.push(message.text());
  });
  await page.locator('#utility-item').click();
  await expect.poll(() => lab.stack.simulator.consoleState().panel.visible).toBe(true);
  const hostile = shell.locator('pb-hostile');
  expect(await shell.locator('[data-widget="hostile"]').getAttribute('data-state')).toBe('ready');

  await hostile.getByRole('button', { name: 'Take the phone' }).click();
  await expect.poll(() => hostile.locator('li[data-attempt]').count(), { timeout: 15_000 }).toBe(ATTEMPTS.length);
  // Again: refused again, and not logged again.
  await hostile.getByRole('button', { name: 'Take the phone' }).click();
  await expect.poll(() => hostile.locator('li[data-attempt]').count(), { timeout: 15_000 }).toBe(2 * ATTEMPTS.length);

  // The tab still runs the agent's phone: it says so, and a click-to-dial connects, with audio.
  expect(await shell.locator('.pb-status [data-part="phone"]').textContent()).toBe('Phone ready');
  await page.locator(`a.phone[data-record-id="${ADA.id}"]`).click();
  await callUntil(shell, 'connected');
  await expect.poll(() => agentHears(shell, labToneHz(0)), { timeout: 10_000 }).toBe(true);
  expect(await shell.locator('.pb-status [data-part="phone"]').textContent()).toBe('Phone ready');

  // The honest widgets: the dialpad's command hangs up; the call log's saves the call's log to Salesforce and shows it.
  await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
  await callUntil(shell, 'ended');
  await shell.locator('pb-call-log form.wrap-up').getByRole('button', { name: 'Save call' }).click();
  await expect.poll(() => shell.locator('pb-call-log p.outcome').getAttribute('class'), { timeout: 10_000 }).toBe('outcome saved');
  // The presence widget's command sets the agent's status.
  await shell.locator('pb-presence select').selectOption('busy');
  await expect.poll(() => shell.locator('pb-presence').getAttribute('data-status')).toBe('busy');
  await shell.locator('pb-presence select').selectOption('available');
  await expect.poll(() => shell.locator('pb-presence').getAttribute('data-status')).toBe('available');

  // Each attempt was refused with its reason, and logged once.
  for (const attempt of ATTEMPTS) {
    for (const outcome of await hostile.locator(`li[data-attempt="${attempt}"]`).allTextContents()) expect(outcome, attempt).toMatch(/^WidgetRefusedError: a widget may not /);
  }
  expect(await hostile.locator('li[data-attempt="reply query.phone-window"]').first().textContent()).toContain('widgets only ask it');
  expect(await hostile.locator('li[data-attempt="request query.phone-handover"]').first().textContent()).toContain('only the shell does that');
  expect(await hostile.locator('li[data-attempt="publish state.phone-window"]').first().textContent()).toContain('widgets only subscribe to it');
  expect(refusalsLogged).toHaveLength(ATTEMPTS.length);
  const loggedFor = (attempt: string): string[] => refusalsLogged.filter((line) => line.includes(`hostile: a widget may not ${attempt.replace(' ', ' on ')}`));
  for (const attempt of ATTEMPTS) expect(loggedFor(attempt), attempt).toHaveLength(1);
});
