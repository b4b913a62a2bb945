import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labToneHz, readWav, rms, STACK_AGENT } from '@patchbay/devservers';
import { agentHears, callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { callUntil } from '../support/call-until.js';
import { clickToDial, clickToDialEstablished } from '../support/click-to-dial.js';
import { openPhoneWindow, phoneState } from '../support/phone-window.js';
import { gesturelessProbe } from '../support/gestureless.js';

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

describe('the phone window', () => {
  it('keeps a call through a reload of the Salesforce tab; the reloaded tab mirrors it and hangs it up; one Task, one history entry', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const phoneWindow = await openPhoneWindow(page, shell);
    const customer = lab.stack.customers.get(ADA.number)!;
    const tasks = lab.stack.simulator.tasks().length;

    const before = await clickToDialEstablished(page, shell, ADA.id, customer);
    await expect.poll(() => agentHears(phoneWindow, labToneHz(0))).toBe(true);

    await page.reload();
    await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
    await expect.poll(() => phoneState(shell), { timeout: 20_000 }).toBe('Phone in its window');
    // The panel opens from the utility bar again (the browser holds a closed panel's rendering back).
    await page.locator('#utility-item').click();
    // The reloaded tab mirrors the call (it asks the window's phone), and the call never ended.
    await callUntil(shell, 'connected');
    expect(customer.events.slice(before).some((e) => e.type === 'CALL_CLOSED')).toBe(false);
    await expect.poll(() => agentHears(phoneWindow, labToneHz(0))).toBe(true);
    // The tab that opened the window linked it again (its credentials renew through this tab).
    await expect.poll(() => phoneWindow.locator('html').getAttribute('data-linked')).toBe('2');
    // Closing the window with the call up: the browser asks first (once the agent used the window),
    // and the agent staying keeps the call.
    await phoneWindow.locator('body').click();
    const asked = new Promise<string>((resolve) => phoneWindow.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.type()))));
    await phoneWindow.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    expect(phoneWindow.isClosed()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // what the customer hears after the reload
    expect(await callState(shell)).toBe('connected');

    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await customer.waitForEvent('CALL_CLOSED', { after: before });
    const heard = await readWav((await customer.recordedAudio())!);
    expect(rms(heard.samples)).toBeGreaterThan(0.005);
    expect(rms(heard.samples.slice(-2 * heard.sampleRate))).toBeGreaterThan(0.005);

    const wrapUp = shell.locator('pb-call-log form.wrap-up');
    await expect.poll(() => wrapUp.count()).toBe(1);
    await wrapUp.locator('select').selectOption('Resolved');
    await wrapUp.getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => lab.stack.simulator.tasks().length, { timeout: 10_000 }).toBe(tasks + 1);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second Task or entry would show by now
    expect(lab.stack.simulator.tasks()).toHaveLength(tasks + 1);
    const task = lab.stack.simulator.tasks().at(-1)!;
    expect(task).toMatchObject({ CallType: 'Outbound', CallDisposition: 'Resolved', WhoId: ADA.id });
    const callId = String(task['CallObject']);
    const reader = await lab.stack.bus.connect(STACK_AGENT);
    try {
      expect((await reader.history.recent(100)).filter((entry) => entry.callId === callId)).toHaveLength(1);
    } finally {
      await reader.close();
    }
  });

  it('closing the window with no call hands the phone back to the Salesforce tab (Classic)', async () => {
    const { page, shell } = await lab.openConsole('Classic');
    const phoneWindow = await openPhoneWindow(page, shell);
    await phoneWindow.close();
    await expect.poll(() => phoneState(shell), { timeout: 20_000 }).toBe('Phone ready');
    // The tab's own phone dials again.
    await clickToDial(page, shell, ADA.id);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    // The agent went back to the tab: the next load does not offer the window.
    await page.reload();
    await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
    await expect.poll(() => phoneState(shell), { timeout: 20_000 }).toBe('Phone ready');
    expect(await shell.locator('.pb-notice', { hasText: 'window of its own' }).count()).toBe(0);
  });

  it('tells the agent when the browser blocks the window, and offers it again on the next load', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const pages = page.context().pages().length;
    // A click the browser does not count as the agent's gesture, as when a click's gesture is lost
    // on the way: its pop-up blocker refuses the window. Playwright's own waits count as gestures,
    // so first let the frame's transient activation (5 s in Chromium) run out.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const probe = await gesturelessProbe(page, (url) => url.includes('sfdcIframeOrigin'));
    await probe(`document.querySelector('.pb-status button.phone-window').click()`);
    await expect.poll(() => shell.locator('.pb-notice', { hasText: 'The browser blocked the phone window' }).count()).toBe(1);
    expect(page.context().pages()).toHaveLength(pages);
    expect(await phoneState(shell)).toBe('Phone ready');

    // Chosen once (here with a real click), the window is offered with one click on the next load:
    // the agent closes the Salesforce tab, then the window, and comes back.
    const phoneWindow = await openPhoneWindow(page, shell);
    await page.close();
    await phoneWindow.close();
    const again = await lab.browser.context.newPage();
    await again.goto(lab.stack.simulator.consoleUrl('Lightning'));
    const againShell = again.frameLocator('#softphone');
    await expect.poll(() => phoneState(againShell), { timeout: 20_000 }).toBe('Phone ready');
    const prompt = againShell.locator('.pb-notice', { hasText: 'Your phone runs in a window of its own' });
    await prompt.waitFor({ state: 'attached', timeout: 10_000 });
    await again.locator('#utility-item').click();
    const [reopened] = await Promise.all([again.context().waitForEvent('page'), prompt.getByRole('button', { name: 'Open phone window' }).click()]);
    await expect.poll(() => phoneState(reopened), { timeout: 20_000 }).toBe('Phone ready');
    await expect.poll(() => phoneState(againShell), { timeout: 10_000 }).toBe('Phone in its window');
  });
});
