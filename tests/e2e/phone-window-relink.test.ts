import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { labToneHz } from '@patchbay/devservers';
import { agentHears, startFullStack, type FullStack } from '../support/full-stack.js';
import { callUntil } from '../support/call-until.js';
import { clickToDialEstablished } from '../support/click-to-dial.js';
import { openPhoneWindow, phoneState } from '../support/phone-window.js';

// The phone window outlives the Salesforce tab that opened it, in Chromium through the simulator,
// with the real bus, Janus, kamailio and baresip. Credentials live 20 s (renewed at 16 s), so a
// window that could not renew without its opener would lose its bus within the test.
const TTL_SECONDS = 20;
const ADA = { id: '003000000000001AAA', number: '4155550101' };

let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number], credentialsTtlSeconds: TTL_SECONDS, popupBlocking: true });
});
afterAll(async () => {
  await lab?.stop();
});
afterEach(() => lab.tidy());

const busHealth = (where: FrameLocator | Page): Promise<string | null> => where.locator('.pb-status [data-part="bus"]').getAttribute('data-health');
const renewalNotice = (phoneWindow: Page) => phoneWindow.locator('.pb-notices .pb-notice', { hasText: 'could not renew its access' });

/** Another Salesforce tab of the agent, opened as the agent does (no opener, so no window reference to the phone window). */
async function anotherTab(): Promise<{ page: Page; shell: FrameLocator }> {
  const page = await lab.browser.context.newPage();
  await page.goto(lab.stack.simulator.consoleUrl('Lightning'));
  const shell = page.frameLocator('#softphone');
  await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
  return { page, shell };
}

describe('the phone window without the tab that opened it', () => {
  it("renews its credentials through the agent's other Salesforce tab: the call outlives the opener and everything it handed over, and that tab hangs it up", async () => {
    const opener = await lab.openConsole('Lightning');
    const phoneWindow = await openPhoneWindow(opener.page, opener.shell);
    const logged: string[] = [];
    phoneWindow.on('console', (message) => logged.push(message.text()));
    const second = await anotherTab();
    await expect.poll(() => phoneState(second.shell), { timeout: 20_000 }).toMatch(/^Phone in (its window|another tab)$/);

    const customer = lab.stack.customers.get(ADA.number)!;
    const before = await clickToDialEstablished(opener.page, opener.shell, ADA.id, customer);
    await expect.poll(() => agentHears(phoneWindow, labToneHz(0))).toBe(true);

    // The opener closes for good: what it handed the window expires within TTL_SECONDS.
    const closedAt = Date.now();
    await opener.page.close();
    await expect.poll(() => phoneState(second.shell), { timeout: 20_000 }).toBe('Phone in its window');
    // The window noticed its tab gone and renewed through the second tab, over the bus.
    await expect.poll(() => logged.some((line) => line.includes("renewing through the agent's other Salesforce tabs")), { timeout: (TTL_SECONDS + 10) * 1000 }).toBe(true);
    // Past the expiry of every credential the window could hold from the opener, and a renewal more.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, closedAt + (TTL_SECONDS + 8) * 1000 - Date.now())));
    expect(await renewalNotice(phoneWindow).count()).toBe(0);
    await expect.poll(() => busHealth(phoneWindow), { timeout: 10_000 }).toBe('ok');
    expect(await phoneState(phoneWindow)).toBe('Phone ready');
    expect(customer.events.slice(before).some((event) => event.type === 'CALL_CLOSED')).toBe(false);
    await expect.poll(() => agentHears(phoneWindow, labToneHz(0))).toBe(true);

    // The second tab mirrors the call and hangs it up.
    await second.page.locator('#utility-item').click();
    await callUntil(second.shell, 'connected');
    await second.shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(second.shell, 'ended');
    await customer.waitForEvent('CALL_CLOSED', { after: before });
  }, 120_000);

  it('says clearly, in the window, that it cannot renew once no Salesforce tab is left', async () => {
    const opener = await lab.openConsole('Lightning');
    const phoneWindow = await openPhoneWindow(opener.page, opener.shell);
    await opener.page.close();
    const notice = renewalNotice(phoneWindow);
    await expect.poll(() => notice.count(), { timeout: (TTL_SECONDS + 10) * 1000 }).toBe(1);
    const text = await notice.textContent();
    expect(text).toContain('no Salesforce tab is open');
    expect(text).toContain('open Salesforce in a tab');
    expect(text).toContain('keep working until');
  }, 60_000);
});
