import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { agentId, subjects } from '@patchbay/contract';
import { STACK_AGENT } from '@patchbay/devservers';
import { callState, startFullStack, type FullStack } from '../support/full-stack.js';

// The agent's experience in Chromium through the Salesforce simulator (Lightning), against the
// real bus, gateway and far end.
const ADA = { id: '003000000000001AAA', number: '4155550101' };
const HOPPERS = '4155550202';

let lab: FullStack;

/** The console with the softphone's utility panel opened by the agent (Lightning starts with it closed). */
async function openPanel(): Promise<{ page: Page; shell: FrameLocator }> {
  const opened = await lab.openConsole('Lightning');
  await opened.page.locator('#utility-item').click();
  await expect.poll(() => lab.stack.simulator.consoleState().panel.visible).toBe(true);
  return opened;
}

async function callUntil(shell: FrameLocator, status: string, timeout = 15_000): Promise<void> {
  await expect.poll(() => callState(shell), { timeout }).toBe(status);
}

/** The status the header shows (presence as stored, the phone's own statuses included). */
function headerStatus(shell: FrameLocator): Promise<string | null> {
  return shell.locator('.pb-status .own').getAttribute('data-status');
}

async function setStatus(shell: FrameLocator, status: string): Promise<void> {
  await shell.getByRole('combobox', { name: 'My status' }).first().selectOption(status);
  await expect.poll(() => headerStatus(shell)).toBe(status);
}

/** Whether an element of the shell's page lies wholly inside its viewport (seen without scrolling). */
function inView(shell: FrameLocator, selector: string): Promise<boolean> {
  return shell.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth && box.height > 0;
  });
}

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number, HOPPERS] });
});

afterAll(async () => {
  await lab?.stop();
});

afterEach(async () => {
  // The agent's chosen status outlives the page (the bus store keeps it): the next test starts available.
  const bus = await lab.stack.bus.connect(STACK_AGENT);
  try {
    if (lab.browser.context.pages().length > 0) {
      await bus.publish(subjects.setStatus(agentId(STACK_AGENT)), { status: 'available' });
      await expect.poll(async () => (await bus.presence.get(agentId(STACK_AGENT)))?.status).toBe('available');
    }
  } finally {
    await bus.close();
    await lab.tidy();
  }
});

describe('the agent status in the header', () => {
  it('is in view and changeable in the 320 x 480 panel and in the smallest one Lightning allows (200 x 240), however the page scrolls', async () => {
    const { page, shell } = await openPanel();
    await expect.poll(() => headerStatus(shell)).toBe('available');
    expect(await inView(shell, '.pb-status select.own-status')).toBe(true);

    // Lightning's softphone panel is at least 200 wide and 240 high (setSoftphonePanelWidth/Height).
    await page.locator('#softphone-panel').evaluate((panel: HTMLElement) => {
      panel.style.width = '200px';
      panel.style.height = '268px'; // the simulator's 28 px title bar above the 240 px frame
    });
    await expect.poll(() => shell.locator('html').evaluate(() => window.innerWidth)).toBe(200);
    expect(await shell.locator('html').evaluate(() => window.innerHeight)).toBe(240);
    await shell.locator('html').evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await shell.locator('html').evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await inView(shell, '.pb-status select.own-status')).toBe(true);
    expect(await shell.locator('html').evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await setStatus(shell, 'busy');
    // The one writer stored it: the bus store has it, and the presence widget shows it.
    const bus = await lab.stack.bus.connect(STACK_AGENT);
    expect((await bus.presence.get(agentId(STACK_AGENT)))?.status).toBe('busy');
    await bus.close();
    await expect.poll(() => shell.locator('pb-presence').getAttribute('data-status')).toBe('busy');
  });

  it('follows the phone: on a call while the call is up, wrap-up after it, back to the chosen status once the call is logged', async () => {
    const { page, shell } = await openPanel();
    await expect.poll(() => headerStatus(shell)).toBe('available');
    await page.locator(`a.phone[data-record-id="${ADA.id}"]`).click();
    await callUntil(shell, 'connected');
    await expect.poll(() => headerStatus(shell)).toBe('on-call');
    expect(await shell.locator('.pb-status select.own-status').inputValue()).toBe('on-call');

    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await expect.poll(() => headerStatus(shell)).toBe('wrap-up');

    await shell.locator('pb-call-log form.wrap-up').getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => headerStatus(shell)).toBe('available');
  });

  it('away: the customer calling is turned away with 480 Temporarily Unavailable and the phone never rings; available again, it rings', async () => {
    const { shell } = await openPanel();
    const customer = lab.stack.customers.get(ADA.number)!;
    await setStatus(shell, 'away');

    const before = customer.events.length;
    await customer.dial(lab.stack.agentUri);
    const closed = await customer.waitForEvent('CALL_CLOSED', { after: before, timeoutMs: 15_000 });
    expect(closed.param).toMatch(/480/);
    expect(await callState(shell)).toBe('idle');

    await setStatus(shell, 'available');
    await customer.dial(lab.stack.agentUri);
    await callUntil(shell, 'ringing-in');
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Decline' }).click();
    await callUntil(shell, 'ended');
  });
});
