import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator } from 'playwright-core';
import { agentId, subjects } from '@patchbay/contract';
import { STACK_AGENT } from '@patchbay/devservers';
import { startFullStack, type FullStack } from '../support/full-stack.js';
import { callUntil } from '../support/call-until.js';
import { clickToDial } from '../support/click-to-dial.js';

// The softphone in each experience as Salesforce frames it (the simulator follows the Open CTI
// developer guide, simulator/README.md): what it does with Open CTI, and what lands in the org.
const ADA = { id: '003000000000001AAA', number: '4155550101' }; // one match, a Contact
const HOPPERS = '4155550202'; // a Contact and an Account match
const GRACE = '003000000000002AAA'; // the Contact among them
const HOPPER_INDUSTRIES = '001000000000001AAA'; // the Account among them
const NOBODY = '4155550303';
const THE_CASE = '500000000000001AAA'; // a record with no phone, viewed while dialling

let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number, HOPPERS, NOBODY] });
});

afterAll(async () => {
  await lab?.stop();
});

afterEach(async () => {
  await lab.tidy();
  lab.stack.simulator.setBehaviour({ lightningSearchResults: 'RecordType' });
});

/** Changes the call center settings as an admin would, and gives back a way to undo it. */
async function changeSettings(change: Record<string, string>): Promise<() => Promise<void>> {
  const before = lab.stack.simulator.settings();
  const put = (settings: Record<string, string>): void => lab.stack.simulator.updateSettings(settings);
  put(change);
  return async () => {
    put(Object.fromEntries(Object.keys(change).map((key) => [key, before[key] ?? ''])));
  };
}

/** Saves the wrap-up of the call that just ended and gives back the Task Salesforce has for it. */
async function wrapUp(shell: FrameLocator, disposition: string): Promise<Record<string, unknown>> {
  const tasks = lab.stack.simulator.tasks().length;
  const form = shell.locator('pb-call-log form.wrap-up');
  await form.locator('select').selectOption(disposition);
  await form.getByRole('button', { name: 'Save call' }).click();
  await expect.poll(() => lab.stack.simulator.tasks().length, { timeout: 10_000 }).toBe(tasks + 1);
  return lab.stack.simulator.tasks().at(-1)!;
}

async function ringIn(shell: FrameLocator, from: string): Promise<void> {
  await lab.stack.customers.get(from)!.dial(lab.stack.agentUri);
  await callUntil(shell, 'ringing-in');
}

async function decline(shell: FrameLocator): Promise<void> {
  await shell.locator('pb-dialpad').getByRole('button', { name: 'Decline' }).click();
  await callUntil(shell, 'ended');
}

describe.each(['Lightning', 'Classic'] as const)('%s', (mode) => {
  const simulator = () => lab.stack.simulator;

  it('loads where Salesforce frames it, sizes the softphone as the call center says, and turns click-to-dial on once the phone is up', async () => {
    const { page } = await lab.openConsole(mode);
    const framed = Object.fromEntries(new URL((await page.getAttribute('iframe#softphone', 'src'))!).searchParams);
    expect(framed).toEqual(mode === 'Lightning' ? { sfdcIframeOrigin: simulator().origin, mode: 'Lightning' } : { sfdcIFrameOrigin: simulator().origin });
    const settings = simulator().settings();
    await expect
      .poll(() => simulator().consoleState().panel)
      .toMatchObject({ heightPx: Number(settings['/reqGeneralInfo/reqSoftphoneHeight']), widthPx: Number(settings['/reqGeneralInfo/reqSoftphoneWidth']) });
    await expect.poll(() => simulator().consoleState().clickToDialEnabled).toBe(true);
  });

  it('click-to-dial: calls the contact, is off while the call lasts, and its Task names the Contact as WhoId; a second save naming an account updates it', async () => {
    const { page, shell } = await lab.openConsole(mode);
    await clickToDial(page, shell, ADA.id);
    // The phone has a call: Salesforce's numbers are not clickable until it ends.
    await expect.poll(() => simulator().consoleState().clickToDialEnabled).toBe(false);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await expect.poll(() => simulator().consoleState().clickToDialEnabled).toBe(true);

    const task = await wrapUp(shell, 'Resolved');
    expect(task).toMatchObject({ CallType: 'Outbound', WhoId: ADA.id, TaskSubtype: 'Call', CallDisposition: 'Resolved' });
    expect(task['WhatId']).toBeUndefined();
    // The call is wrapped up again (here from another client of the agent's bus), naming the
    // account it was about: its Task is updated, without TaskSubtype (Salesforce takes it on create
    // only), and the account, which comes with no type, goes in WhatId by its id.
    const tasks = simulator().tasks().length;
    const bus = await lab.stack.bus.connect(STACK_AGENT);
    try {
      await bus.publish(subjects.logCall(agentId(STACK_AGENT)), { callId: String(task['CallObject']), disposition: 'Follow-up needed', recordId: HOPPER_INDUSTRIES });
      await expect
        .poll(
          () =>
            simulator()
              .tasks()
              .find((t) => t.Id === task['Id'])?.['CallDisposition'],
          { timeout: 10_000 },
        )
        .toBe('Follow-up needed');
      expect(
        simulator()
          .tasks()
          .find((t) => t.Id === task['Id']),
      ).toMatchObject({ WhoId: ADA.id, WhatId: HOPPER_INDUSTRIES });
      expect(simulator().tasks()).toHaveLength(tasks);
    } finally {
      await bus.close();
    }
  });

  it('a call dialled on the keypad is searched as outbound, and its Task relates to the record in view', async () => {
    const { page, shell } = await lab.openConsole(mode);
    await page.locator(`a.record-name[data-record-id="${THE_CASE}"]`).click();
    await expect.poll(() => page.textContent('#page h2')).toBe('Case: Invoice question');
    if (mode === 'Lightning') await page.locator('#utility-item').click(); // the agent opens the softphone
    const searches = simulator().consoleState().searches.length;
    await shell.locator('pb-dialpad input').fill(ADA.number);
    await shell.locator('pb-dialpad button.call').click();
    await callUntil(shell, 'connected');
    await expect.poll(() => simulator().consoleState().searches.slice(searches)).toEqual([{ searchParams: ADA.number, callType: 'outbound', deferred: false }]);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    const task = await wrapUp(shell, 'Resolved');
    expect(task).toMatchObject({ CallType: 'Outbound', WhatId: THE_CASE });
    expect(task['WhoId']).toBeUndefined();
  });

  // Lightning's search results come in the two shapes its guide shows; Classic's several matches
  // carry a single field, so neither names the type every time.
  describe.each(mode === 'Lightning' ? (['RecordType', 'object'] as const) : (['single field'] as const))('several records match the caller (%s)', (shape) => {
    it.each([
      ['Grace Hopper', 'WhoId', GRACE],
      ['Hopper Industries', 'WhatId', HOPPER_INDUSTRIES],
    ])('the agent chooses %s: the Task has it as %s', async (name, field, id) => {
      if (shape !== 'single field') simulator().setBehaviour({ lightningSearchResults: shape });
      const { shell } = await lab.openConsole(mode);
      await ringIn(shell, HOPPERS);
      const chooser = shell.locator('.pb-chooser');
      await expect.poll(() => chooser.locator('button').count()).toBe(2);
      await chooser.getByRole('button', { name: new RegExp(name) }).click();
      await expect.poll(() => simulator().consoleState().pops.at(-1)).toMatchObject({ kind: 'record', recordId: id });
      await decline(shell);
      const task = await wrapUp(shell, 'No answer');
      expect(task).toMatchObject({ CallType: 'Inbound', [field]: id });
      expect(task[field === 'WhoId' ? 'WhatId' : 'WhoId']).toBeUndefined();
    });
  });

  it('shows the standby page when the shell is too slow to start, from which the agent starts it again', async () => {
    const restore = await changeSettings({ '/reqGeneralInfo/reqTimeout': '1500' });
    const page = await lab.browser.context.newPage();
    try {
      // The shell waits on its deployment file far longer than Salesforce waits on it.
      await page.route('**/deployment.json', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        await route.continue().catch(() => undefined);
      });
      await page.goto(simulator().consoleUrl(mode));
      const shell = page.frameLocator('#softphone');
      const standby = shell.locator('main.pb-standby');
      await expect.poll(() => standby.locator('h1').textContent(), { timeout: 15_000 }).toBe('The softphone did not start in time');
      const src = new URL((await page.getAttribute('iframe#softphone', 'src'))!);
      expect(src.href.split('?')[0]).toBe(new URL('standby.html', lab.stack.softphone.shellUrl).href);
      expect(Object.fromEntries(src.searchParams)).toEqual(mode === 'Lightning' ? { sfdcIframeOrigin: simulator().origin, mode: 'Lightning' } : { sfdcIFrameOrigin: simulator().origin });

      await page.unroute('**/deployment.json');
      await restore();
      if (mode === 'Lightning') await page.locator('#utility-item').click(); // the agent opens the softphone
      await standby.getByRole('link', { name: 'Start the softphone again' }).click();
      await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
      await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone ready$/ }).waitFor({ state: 'attached', timeout: 20_000 });
    } finally {
      await page.unroute('**/deployment.json');
      await restore();
    }
  });
});

describe('Lightning utility bar', () => {
  it('the utility item shows a ringing call while the panel is closed, and the call once it ends', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    await ringIn(shell, ADA.number);
    // The softphone opens its panel for the ringing call; the agent closes it again.
    await expect.poll(() => page.isVisible('#softphone-panel')).toBe(true);
    await page.locator('#utility-item').click();
    await expect.poll(() => page.isVisible('#softphone-panel')).toBe(false);
    await expect.poll(() => page.textContent('#item-label')).toBe('Incoming call');
    expect(lab.stack.simulator.consoleState().panel).toMatchObject({ visible: false, itemLabel: 'Incoming call', itemIcon: 'incoming_call' });
    await page.locator('#utility-item').click();
    await decline(shell);
    await expect.poll(() => page.textContent('#item-label')).toBe('Call ended');
  });
});
