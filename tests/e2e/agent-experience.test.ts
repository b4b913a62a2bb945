// Over 300 lines: one full stack (seconds to start) serves every check of the agent's experience.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { agentId, subjects } from '@patchbay/contract';
import { STACK_AGENT } from '@patchbay/devservers';
import { callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { callUntil } from '../support/call-until.js';
import { recordPageLogs } from '../support/page-logs.js';
import { clickToDial } from '../support/click-to-dial.js';

// The agent's experience in Chromium through the Salesforce simulator (Lightning), against the
// real bus, gateway and far end: status in the header, hotkeys, the call announced, the axe audit.
const ADA = { id: '003000000000001AAA', number: '4155550101' };
const HOPPERS = '4155550202';

let lab: FullStack;
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The console with the softphone's utility panel opened by the agent (Lightning starts with it closed). */
async function openPanel(): Promise<{ page: Page; shell: FrameLocator }> {
  const opened = await lab.openConsole('Lightning');
  await opened.page.locator('#utility-item').click();
  await expect.poll(() => lab.stack.simulator.consoleState().panel.visible).toBe(true);
  return opened;
}

/** The status the header shows (presence as stored, the phone's own statuses included). */
function headerStatus(shell: FrameLocator): Promise<string | null> {
  return shell.locator('.pb-status .own').getAttribute('data-status');
}

async function setStatus(shell: FrameLocator, status: string): Promise<void> {
  await shell.getByRole('combobox', { name: 'My status' }).first().selectOption(status);
  await expect.poll(() => headerStatus(shell)).toBe(status);
}

/** The shell's frame, for scripts run in it (the audit). */
async function shellFrame(page: Page): Promise<Frame> {
  const frame = await (await page.locator('#softphone').elementHandle())!.contentFrame();
  if (!frame) throw new Error('the simulator has no softphone frame');
  return frame;
}

/** Whether an element of the shell's page lies wholly inside its viewport (seen without scrolling). */
function inView(shell: FrameLocator, selector: string): Promise<boolean> {
  return shell.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth && box.height > 0;
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the shell's page (shadow roots included) and returns the serious and critical violations. */
async function auditShell(page: Page): Promise<string[]> {
  const frame = await shellFrame(page);
  // Evaluated over the DevTools protocol, so the page's Content-Security-Policy does not stop it.
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(await axeSource);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/**
 * A second Salesforce tab of the agent (the first, opened here, runs the phone) reloaded while a
 * customer's call rings in: resolves once the reloaded softphone is up, its panel open, its dialpad
 * showing the ring.
 */
async function reloadedWhileRinging(): Promise<{ page: Page; shell: FrameLocator }> {
  await lab.openConsole('Lightning');
  const page = await lab.browser.context.newPage();
  recordPageLogs(page, 'agent tab 2');
  await page.goto(lab.stack.simulator.consoleUrl('Lightning'));
  const shell = page.frameLocator('#softphone');
  await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone in another tab$/ }).waitFor({ state: 'attached', timeout: 20_000 });
  await lab.stack.customers.get(ADA.number)!.dial(lab.stack.agentUri);
  await callUntil(shell, 'ringing-in');
  await page.reload();
  await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
  if (!(await page.locator('#softphone-panel').isVisible())) await page.locator('#utility-item').click();
  await callUntil(shell, 'ringing-in');
  return { page, shell };
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
    await clickToDial(page, shell, ADA.id);
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

describe('accessibility', () => {
  it('announces each change of the call in a live region: ringing, connected, on hold, ended, and a failure with its reason', async () => {
    const { shell } = await openPanel();
    const region = shell.getByRole('status').and(shell.locator('.pb-call-announcer'));
    expect(await region.getAttribute('aria-live')).toBe('polite');
    const customer = lab.stack.customers.get(ADA.number)!;
    await customer.dial(lab.stack.agentUri);
    await expect.poll(() => region.textContent()).toBe(`Incoming call from ${ADA.number}`);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => region.textContent()).toBe(`Connected to ${ADA.number}`);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hold' }).click();
    await expect.poll(() => region.textContent()).toBe(`Call with ${ADA.number} on hold`);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => region.textContent()).toBe(`Call with ${ADA.number} ended (local hangup)`);

    // A number nobody answers at: the registrar says why.
    await shell.locator('pb-dialpad').getByLabel('Number to dial').fill('4155559999');
    await shell
      .locator('pb-dialpad')
      .getByRole('button', { name: /^Call / })
      .click();
    await expect.poll(() => region.textContent(), { timeout: 15_000 }).toMatch(/^Call with 4155559999 failed: .+/);
  });

  it('announces the call as it is to a tab reloaded while it rings, and its changes after', async () => {
    const { shell } = await reloadedWhileRinging();
    const region = shell.getByRole('status').and(shell.locator('.pb-call-announcer'));
    await expect.poll(() => region.textContent()).toBe(`Incoming call from ${ADA.number}`);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => region.textContent()).toBe(`Call with ${ADA.number} ended (rejected)`);
  });

  it('reaches every control by Tab in reading order: the status, the header buttons, then the dialpad from its number field', async () => {
    const { page, shell } = await openPanel();
    const focusedName = () =>
      shell.locator('html').evaluate(() => {
        let element = document.activeElement;
        while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
        if (!(element instanceof HTMLElement)) return null;
        const labelled = 'labels' in element ? (element as HTMLInputElement).labels?.[0]?.textContent : null;
        return element.getAttribute('aria-label') ?? labelled?.trim() ?? element.textContent?.trim() ?? null;
      });
    // The first control of the page; from there, Tab goes on as an agent's would.
    await shell.locator('.pb-status select.own-status').focus();
    const order: (string | null)[] = [await focusedName()];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      order.push(await focusedName());
    }
    expect(order).toEqual(['My status', 'Keys (keyboard shortcuts)', 'Audio devices', 'Open phone window', 'Number to dial', 'Digit 1', 'Digit 2 ABC', 'Digit 3 DEF', 'Digit 4 GHI']);
  });

  it('axe finds no serious or critical violation: idle, ringing, connected, consulting, wrap-up, and with a widget that failed to load', async () => {
    const { page, shell } = await openPanel();
    const findings: Record<string, string[]> = {};
    findings['idle'] = await auditShell(page);

    const customer = lab.stack.customers.get(ADA.number)!;
    await customer.dial(lab.stack.agentUri);
    await callUntil(shell, 'ringing-in');
    findings['ringing'] = await auditShell(page);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Answer' }).click();
    await callUntil(shell, 'connected');
    findings['connected'] = await auditShell(page);

    const dialpad = shell.locator('pb-dialpad');
    await dialpad.getByLabel('Transfer to number').fill(HOPPERS);
    await dialpad.getByRole('button', { name: 'Consult' }).click();
    await expect.poll(() => dialpad.getByRole('status', { name: 'Consultation' }).textContent()).toMatch(/^Talking to /);
    findings['consulting'] = await auditShell(page);
    await dialpad.getByRole('button', { name: /^Cancel consultation/ }).click();
    await callUntil(shell, 'connected');
    await dialpad.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => headerStatus(shell)).toBe('wrap-up');
    findings['wrap-up'] = await auditShell(page);

    // The presence widget's entry answers 404: its slot shows the fallback tile.
    const presenceOrigin = lab.stack.softphone.widgetOrigins.get('presence')!;
    await page.route(`${presenceOrigin}/**`, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.reload();
    await shell.locator('[data-widget="presence"][data-state="failed"]').waitFor({ state: 'attached', timeout: 20_000 });
    if (!(await page.locator('#softphone-panel').isVisible())) await page.locator('#utility-item').click();
    findings['failed widget'] = await auditShell(page);

    expect(findings).toEqual({ idle: [], ringing: [], connected: [], consulting: [], 'wrap-up': [], 'failed widget': [] });
  });
});

describe('native look', () => {
  it("styles the widgets with the shell's SLDS tokens, light and high contrast, and axe passes in high contrast", async () => {
    const { page, shell } = await openPanel();
    const keyBorder = () => shell.locator('pb-dialpad').evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector('.key')!).borderTopColor);
    const headerBackground = () => shell.locator('.pb-status').evaluate((header) => getComputedStyle(header).backgroundColor);
    expect(await keyBorder()).toBe('rgb(201, 201, 201)'); // --slds-g-color-border-1
    expect(await headerBackground()).toBe('rgb(3, 45, 96)'); // --slds-g-color-brand-base-20
    await page.emulateMedia({ contrast: 'more' });
    await expect.poll(keyBorder).toBe('rgb(24, 24, 24)');
    expect(await auditShell(page)).toEqual([]);
    await page.emulateMedia({ contrast: 'no-preference', forcedColors: 'active' });
    expect(await auditShell(page)).toEqual([]);
  });
});

describe('hotkeys', () => {
  /** Puts focus in the softphone (its header's brand), as an agent's click in the panel does. */
  async function focusSoftphone(shell: FrameLocator): Promise<void> {
    await shell.locator('.pb-status .brand').click();
  }

  async function ringIn(shell: FrameLocator): Promise<void> {
    await lab.stack.customers.get(ADA.number)!.dial(lab.stack.agentUri);
    await callUntil(shell, 'ringing-in');
  }

  it('answer, mute, hold, resume, hang up and decline from the keyboard while focus is in the softphone, and go to the dialpad', async () => {
    const { page, shell } = await openPanel();
    const dialpad = shell.locator('pb-dialpad');
    await ringIn(shell);
    await focusSoftphone(shell);
    await page.keyboard.press('Alt+Shift+P');
    await callUntil(shell, 'connected');
    await page.keyboard.press('Alt+Shift+M');
    await expect.poll(() => dialpad.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Alt+Shift+O');
    await callUntil(shell, 'on-hold');
    await page.keyboard.press('Alt+Shift+O');
    await callUntil(shell, 'connected');
    await page.keyboard.press('Alt+Shift+H');
    await callUntil(shell, 'ended');

    await ringIn(shell);
    await page.keyboard.press('Alt+Shift+X');
    await callUntil(shell, 'ended');
    expect(await dialpad.locator('.notice').textContent()).toBe('You declined the call');

    await page.keyboard.press('Alt+Shift+D');
    await expect.poll(() => dialpad.evaluate((host) => host.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe('Number to dial');
    // Typing a number there is typing, not a hotkey.
    await page.keyboard.type('4155');
    expect(await dialpad.getByLabel('Number to dial').inputValue()).toBe('4155');
  });

  it('answers from the keyboard a call that rang in before the tab was reloaded', async () => {
    const { page, shell } = await reloadedWhileRinging();
    await focusSoftphone(shell);
    await page.keyboard.press('Alt+Shift+P');
    await callUntil(shell, 'connected');
    await page.keyboard.press('Alt+Shift+H');
    await callUntil(shell, 'ended');
  });

  it("lists the keys in a help popover, where the agent changes one; the change is the agent's own and outlives a reload", async () => {
    const { page, shell } = await openPanel();
    const keys = shell.getByRole('button', { name: /^Keys/ });
    await keys.click();
    expect(await keys.getAttribute('aria-expanded')).toBe('true');
    const popover = shell.getByRole('region', { name: 'Keyboard shortcuts' });
    const listed = await popover.locator('dt').allTextContents();
    expect(listed).toEqual(['Answer', 'Decline', 'Hang up', 'Mute or unmute', 'Hold or resume', 'Go to the dialpad']);
    expect(await popover.locator('kbd').allTextContents()).toEqual(['Alt+Shift+P', 'Alt+Shift+X', 'Alt+Shift+H', 'Alt+Shift+M', 'Alt+Shift+O', 'Alt+Shift+D']);

    await popover.getByRole('button', { name: /^Change Answer/ }).click();
    await page.keyboard.press('Alt+Shift+J');
    await expect.poll(() => popover.locator('kbd').first().textContent()).toBe('Alt+Shift+J');
    // Escape closes the popover and gives focus back to its button.
    await page.keyboard.press('Escape');
    expect(await popover.isHidden()).toBe(true);

    await page.reload();
    await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone ready$/ }).waitFor({ state: 'attached', timeout: 20_000 });
    if (!(await page.locator('#softphone-panel').isVisible())) await page.locator('#utility-item').click();
    await ringIn(shell);
    await focusSoftphone(shell);
    await page.keyboard.press('Alt+Shift+P'); // no longer answers
    await page.keyboard.press('Alt+Shift+J');
    await callUntil(shell, 'connected');
    await page.keyboard.press('Alt+Shift+H');
    await callUntil(shell, 'ended');

    // Another agent in the same browser keeps the defaults: the choice is stored under this agent.
    const stored = await shell.locator('html').evaluate(() => Object.keys(window.localStorage).filter((key) => key.startsWith('patchbay.hotkeys.')));
    expect(stored).toEqual([`patchbay.hotkeys.${STACK_AGENT}`]);
    await keys.click();
    await popover.getByRole('button', { name: 'Restore the defaults' }).click();
    await expect.poll(() => popover.locator('kbd').first().textContent()).toBe('Alt+Shift+P');
  });
});

describe('a ring the agent notices', () => {
  it('notifies the desktop of a call ringing while the Salesforce tab is in the background, with the caller and the record, and its click brings the panel up', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    // The agent allowed notifications for Salesforce's domain: the browser answers the
    // cross-origin softphone frame with that page's permission.
    await lab.browser.context.grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
    const frame = await shellFrame(page);
    await frame.evaluate(() => {
      // Every Notification the page creates is recorded; each is still the browser's own, which
      // reports it shown.
      const Browsers = window.Notification;
      const made: { title: string; body: string; shown: boolean; notification: Notification }[] = [];
      class Recorded extends Browsers {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          const entry = { title, body: options?.body ?? '', shown: false, notification: this as Notification };
          this.addEventListener('show', () => (entry.shown = true));
          made.push(entry);
        }
      }
      Object.defineProperty(Recorded, 'permission', { get: () => Browsers.permission });
      Object.assign(window, { Notification: Recorded, madeNotifications: made });
    });
    const made = () =>
      frame.evaluate(() => (window as unknown as { madeNotifications: { title: string; body: string; shown: boolean }[] }).madeNotifications.map(({ title, body, shown }) => ({ title, body, shown })));

    // In view, the ring shows in the panel and nowhere else.
    const customer = lab.stack.customers.get(ADA.number)!;
    const pops = lab.stack.simulator.consoleState().pops.length;
    await customer.dial(lab.stack.agentUri);
    await callUntil(shell, 'ringing-in');
    await expect.poll(() => lab.stack.simulator.consoleState().pops.length).toBe(pops + 1);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Decline' }).click();
    await callUntil(shell, 'ended');
    expect(await made()).toEqual([]);

    // Headless Chromium has no background tab: the page is made to say it is hidden, as a browser
    // says of a tab behind another.
    await frame.evaluate(() => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }));
    await customer.dial(lab.stack.agentUri);
    await callUntil(shell, 'ringing-in');
    await expect.poll(made).toEqual([{ title: `Incoming call from ${ADA.number}`, body: 'Ada Lovelace', shown: true }]);

    // The panel is closed again (the agent closed it, or it never came up behind other windows):
    // the notification's click opens it.
    await page.locator('#utility-item').click();
    await expect.poll(() => lab.stack.simulator.consoleState().panel.visible).toBe(false);
    await frame.evaluate(() => (window as unknown as { madeNotifications: { notification: Notification }[] }).madeNotifications[0]!.notification.dispatchEvent(new Event('click')));
    await expect.poll(() => lab.stack.simulator.consoleState().panel.visible).toBe(true);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Decline' }).click();
    await callUntil(shell, 'ended');
  });
});
