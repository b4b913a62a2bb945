import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { labToneHz, readWav, rms } from '@patchbay/devservers';
import { startFullStack, type FullStack } from '../support/full-stack.js';
import { callUntil } from '../support/call-until.js';
import { measureTone } from '../support/tone.js';

// The phone in a window of its own, in Chromium through the Salesforce simulator, with the real
// bus, Janus, kamailio and baresip. The pop-up blocker stays on, as in an agent's browser.
const ADA = { id: '003000000000001AAA', number: '4155550101' };

let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number], popupBlocking: true });
});
afterAll(async () => {
  await lab?.stop();
});
afterEach(() => lab.tidy());

const phoneState = (where: FrameLocator | Page): Promise<string | null> => where.locator('.pb-status [data-part="phone"]').textContent();

/** Whether the phone window plays the customer's tone now. */
async function windowHears(phoneWindow: Page, hz: number): Promise<boolean> {
  const tone = await phoneWindow.locator('audio.pb-remote-audio').evaluate(measureTone);
  return Math.abs(tone.peakHz - hz) < 25 && tone.peakDb > -60;
}

/** Clicks "Open phone window" in the tab's softphone; returns the window once its phone is registered. */
async function openPhoneWindow(page: Page, shell: FrameLocator): Promise<Page> {
  // The softphone panel opens from the utility bar (Lightning) or is in the sidebar (Classic).
  if (!(await shell.locator('.pb-status button.phone-window').isVisible())) await page.locator('#utility-item').click();
  const [phoneWindow] = await Promise.all([page.context().waitForEvent('page'), shell.locator('.pb-status button.phone-window').click()]);
  await phoneWindow.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
  await expect.poll(() => phoneState(phoneWindow), { timeout: 20_000 }).toBe('Phone ready');
  await expect.poll(() => phoneState(shell), { timeout: 10_000 }).toBe('Phone in its window');
  return phoneWindow;
}

describe('the phone window', () => {
  it('a call clicked in the Salesforce tab runs in the phone window, with the customer heard there', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const phoneWindow = await openPhoneWindow(page, shell);
    const customer = lab.stack.customers.get(ADA.number)!;
    const before = customer.events.length;
    await page.locator(`a.phone[data-record-id="${ADA.id}"]`).click();
    await customer.waitForEvent('CALL_ESTABLISHED', { after: before, timeoutMs: 15_000 });
    await callUntil(shell, 'connected');
    await expect.poll(() => windowHears(phoneWindow, labToneHz(0))).toBe(true);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await customer.waitForEvent('CALL_CLOSED', { after: before });
    const heard = await readWav((await customer.recordedAudio())!);
    expect(rms(heard.samples)).toBeGreaterThan(0.005);
  });

  // Not yet passing: after the reload the tab's dialpad shows idle instead of the window's call.
  it.todo('keeps a call through a reload of the Salesforce tab; the reloaded tab mirrors it and hangs it up; one Task, one history entry');

  it('closing the window with no call hands the phone back to the Salesforce tab (Classic)', async () => {
    const { page, shell } = await lab.openConsole('Classic');
    const phoneWindow = await openPhoneWindow(page, shell);
    await phoneWindow.close();
    await expect.poll(() => phoneState(shell), { timeout: 20_000 }).toBe('Phone ready');
    // The tab's own phone dials again.
    await page.locator(`a.phone[data-record-id="${ADA.id}"]`).click();
    await callUntil(shell, 'connected');
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    // The agent went back to the tab: the next load does not offer the window.
    await page.reload();
    await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
    await expect.poll(() => phoneState(shell), { timeout: 20_000 }).toBe('Phone ready');
    expect(await shell.locator('.pb-notice', { hasText: 'window of its own' }).count()).toBe(0);
  });

  // Not yet passing: the gestureless click did not bring up the notice in this run.
  it.todo('tells the agent when the browser blocks the window, and offers it again on the next load');
});
