// Over 300 lines: one full stack (seconds to start) serves every Salesforce scenario.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { subjects, agentId } from '@patchbay/contract';
import { labToneHz, probeJanus, readWav, rms, STACK_AGENT } from '@patchbay/devservers';
import { agentHears, callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { callUntil } from '../support/call-until.js';
import { clickToDial, clickToDialEstablished } from '../support/click-to-dial.js';

// The whole product in Chromium through the Salesforce simulator: real nats-server, Janus,
// kamailio and baresip customer phones; only Salesforce is simulated.
const ADA = { id: '003000000000001AAA', number: '4155550101' }; // one match
const HOPPERS = '4155550202'; // a Contact and an Account match
const GRACE = '003000000000002AAA'; // the Contact among them
const NOBODY = '4155550303'; // no record matches

let lab: FullStack;

/** Waits until the agent's page plays a tone of `hz`. */
async function untilAgentHears(shell: FrameLocator, hz: number): Promise<void> {
  await expect.poll(() => agentHears(shell, hz)).toBe(true);
}

/**
 * The agent click-to-dials Ada, then consults Hoppers from the dialpad with Ada on hold, until
 * the dialpad says they talk. Returns the consultation's status line and the colleague's event
 * count from before it.
 */
async function consultHoppers(page: Page, shell: FrameLocator): Promise<{ consultation: Locator; beforeConsult: number }> {
  const dialpad = shell.locator('pb-dialpad');
  await clickToDial(page, shell, ADA.id);
  const beforeConsult = lab.stack.customers.get(HOPPERS)!.events.length;
  await dialpad.getByLabel('Transfer to number').fill(HOPPERS);
  await dialpad.getByRole('button', { name: 'Consult' }).click();
  await callUntil(shell, 'on-hold');
  const consultation = dialpad.getByRole('status', { name: 'Consultation' });
  await expect.poll(() => consultation.textContent()).toMatch(new RegExp(`^Talking to ${HOPPERS}`));
  return { consultation, beforeConsult };
}

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number, HOPPERS, NOBODY] });
});

afterAll(async () => {
  await lab?.stop();
});

afterEach(() => lab.tidy());

/** What each screen pop since the `from`-th showed: its record's id, or its kind when it has none. */
const poppedSince = (from: number): unknown[] =>
  lab.stack.simulator
    .consoleState()
    .pops.slice(from)
    .map((pop) => pop['recordId'] ?? pop['kind']);

describe('outbound through click-to-dial (Lightning)', () => {
  it('dials the clicked contact, carries audio both ways and DTMF, holds, hangs up, and logs one Task', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const customer = lab.stack.customers.get(ADA.number)!;

    const before = await clickToDialEstablished(page, shell, ADA.id, customer);
    // The panel reaches the simulator's server by its own round trip, after the dialpad's update.
    await expect.poll(() => lab.stack.simulator.consoleState().panel).toMatchObject({ visible: true, label: 'On a call' });

    await untilAgentHears(shell, labToneHz(0));

    await shell.locator('pb-dialpad button[aria-label="Digit 5 JKL"]').click();
    await expect.poll(() => customer.events.slice(before).some((e) => e.type === 'CALL_DTMF_START' && e.param === '5'), { timeout: 10_000 }).toBe(true);

    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hold' }).click();
    await callUntil(shell, 'on-hold');
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Resume' }).click();
    await callUntil(shell, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 1200)); // a measurable talk time
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await customer.waitForEvent('CALL_CLOSED', { after: before });

    const heard = await readWav((await customer.recordedAudio())!);
    expect(rms(heard.samples)).toBeGreaterThan(0.005);

    // Wrap-up in the call log, then exactly one Task with the call's fields.
    const wrapUp = shell.locator('pb-call-log form.wrap-up');
    await expect.poll(() => wrapUp.count()).toBe(1);
    await wrapUp.locator('select').selectOption('Resolved');
    await wrapUp.locator('textarea').fill('Asked about the invoice');
    await wrapUp.getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => lab.stack.simulator.tasks().length, { timeout: 10_000 }).toBe(1);
    const task = lab.stack.simulator.tasks()[0]!;
    expect(task).toMatchObject({
      CallType: 'Outbound',
      CallDisposition: 'Resolved',
      Status: 'Completed',
      WhoId: ADA.id,
      TaskSubtype: 'Call',
    });
    expect(Number(task['CallDurationInSeconds'])).toBeGreaterThanOrEqual(1);
    const callId = String(task['CallObject']);
    expect(await shell.locator(`pb-call-log li[data-call-id="${callId}"] .disposition`).textContent()).toContain('Resolved');

    // A retried save (here from another client of the agent's bus) updates the same Task.
    const retry = await lab.stack.bus.connect(STACK_AGENT);
    await retry.publish(subjects.logCall(agentId(STACK_AGENT)), { callId, disposition: 'Follow-up needed' });
    await expect.poll(() => lab.stack.simulator.tasks()[0]?.['CallDisposition'], { timeout: 10_000 }).toBe('Follow-up needed');
    expect(lab.stack.simulator.tasks()).toHaveLength(1);
    await retry.close();
  });
});

describe('transfer from the dialpad', () => {
  it('attended: the agent consults a colleague with the customer on hold, hears them, completes, and the customer reaches the colleague', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const colleague = lab.stack.customers.get(HOPPERS)!; // sends labToneHz(1), the customer labToneHz(0)
    const dialpad = shell.locator('pb-dialpad');
    const { beforeConsult } = await consultHoppers(page, shell);
    await colleague.waitForEvent('CALL_ESTABLISHED', { after: beforeConsult });
    await untilAgentHears(shell, labToneHz(1));
    // While consulting, the customer stays on hold: Resume waits for the consultation to finish.
    expect(await dialpad.getByRole('button', { name: 'Resume' }).isDisabled()).toBe(true);

    const afterConsult = colleague.events.length;
    await dialpad.getByRole('button', { name: 'Complete transfer' }).click();
    await callUntil(shell, 'ended', 20_000);
    expect(await dialpad.locator('.notice').textContent()).toBe('Call transferred');
    const transferred = await colleague.waitForEvent('CALL_ESTABLISHED', { after: afterConsult, timeoutMs: 10_000 });
    expect(transferred.peeruri).toContain(ADA.number);
  });

  it('the customer hangs up while the agent consults: the agent goes on with the colleague, and both calls are logged', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const customer = lab.stack.customers.get(ADA.number)!;
    const colleague = lab.stack.customers.get(HOPPERS)!;
    const dialpad = shell.locator('pb-dialpad');
    const { consultation, beforeConsult } = await consultHoppers(page, shell);

    await customer.hangup();
    // The dialpad shows the colleague's call, connected, with no consultation left to complete.
    await expect.poll(() => dialpad.locator('.party').textContent()).toContain(HOPPERS);
    expect(await callState(shell)).toBe('connected');
    expect(await consultation.count()).toBe(0);
    await untilAgentHears(shell, labToneHz(1));
    // The customer's call heads the call log (numbers show as dialled: clicked, "+1 (415) 555-0101"; typed, "4155550202").
    const calls = shell.locator('pb-call-log li.item .number');
    await expect.poll(() => calls.first().textContent()).toMatch(/555-?0101$/);

    await dialpad.getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await colleague.waitForEvent('CALL_CLOSED', { after: beforeConsult });
    // Then the colleague's call, above it.
    await expect.poll(() => calls.first().textContent()).toMatch(/555-?0202$/);
    expect(await calls.nth(1).textContent()).toMatch(/555-?0101$/);
  });

  it('blind: a transfer the far end refuses says so, and the agent is still with the customer', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const customer = lab.stack.customers.get(ADA.number)!;
    const dialpad = shell.locator('pb-dialpad');
    await clickToDial(page, shell, ADA.id);
    await dialpad.getByLabel('Transfer to number').fill('4155559999');
    await dialpad.getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect.poll(() => dialpad.getByRole('status', { name: 'Transfer' }).textContent(), { timeout: 20_000 }).toMatch(/^Transfer to 4155559999 refused \(4\d\d /);
    expect(await callState(shell)).toBe('connected');
    const before = customer.events.length;
    await dialpad.getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    expect(await dialpad.locator('.notice').textContent()).toBe('Call ended');
    await customer.waitForEvent('CALL_CLOSED', { after: before });
  });
});

describe('wrap-up across a reload', () => {
  it('still files the Task for a call that ended before the page reloaded', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const tasks = lab.stack.simulator.tasks().length;
    await clickToDial(page, shell, ADA.id);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');

    await page.reload();
    await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone ready$/ }).waitFor({ state: 'attached' });
    await page.locator('#utility-item').click();
    const unlogged = shell.locator('pb-call-log li', { hasText: 'Not logged yet' }).first();
    await unlogged.getByRole('button', { name: /Wrap up/ }).click();
    const wrapUp = shell.locator('pb-call-log form.wrap-up');
    await wrapUp.locator('select').selectOption('Left voicemail');
    await wrapUp.getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => lab.stack.simulator.tasks().length).toBe(tasks + 1);
    const task = lab.stack.simulator.tasks().at(-1)!;
    expect(task).toMatchObject({ CallType: 'Outbound', CallDisposition: 'Left voicemail', Status: 'Completed', WhoId: ADA.id });
    expect(Number(task['CallDurationInSeconds'])).toBeGreaterThanOrEqual(1);
    const row = shell.locator(`pb-call-log li[data-call-id="${String(task['CallObject'])}"] .disposition`);
    await expect.poll(() => row.textContent()).toBe('Left voicemail');
  });
});

describe.each(['Lightning', 'Classic'] as const)('inbound calls (%s)', (mode) => {
  async function ringIn(shell: FrameLocator, from: string): Promise<void> {
    const customer = lab.stack.customers.get(from)!;
    await customer.dial(lab.stack.agentUri);
    await callUntil(shell, 'ringing-in');
  }

  async function decline(shell: FrameLocator): Promise<void> {
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Decline' }).click();
    await callUntil(shell, 'ended');
    expect(await shell.locator('pb-dialpad .notice').textContent()).toBe('You declined the call');
  }

  it('opens the panel, pops the one matching record, answers and ends when the customer hangs up', async () => {
    const { shell } = await lab.openConsole(mode);
    const pops = lab.stack.simulator.consoleState().pops.length;
    await ringIn(shell, ADA.number);
    const ring = shell.locator('audio.pb-ring-audio');
    await expect.poll(() => ring.evaluate((audio: HTMLAudioElement) => audio.dataset['ringing'] === 'true' && !audio.paused)).toBe(true);
    // Classic's sidebar softphone is always shown; Lightning's panel opens for the ring.
    if (mode === 'Lightning') await expect.poll(() => lab.stack.simulator.consoleState().panel.visible).toBe(true);
    await expect.poll(() => lab.stack.simulator.consoleState().pops.slice(pops)).toEqual([expect.objectContaining({ recordId: ADA.id })]);
    expect(await shell.locator('pb-dialpad .party').textContent()).toContain(ADA.number);

    await shell.locator('pb-dialpad').getByRole('button', { name: 'Answer' }).click();
    await callUntil(shell, 'connected');
    expect(await ring.evaluate((audio: HTMLAudioElement) => audio.paused)).toBe(true);
    await untilAgentHears(shell, labToneHz(0));
    await lab.stack.customers.get(ADA.number)!.hangup();
    await callUntil(shell, 'ended');
    expect(await shell.locator('pb-dialpad .notice').textContent()).toBe('The other party hung up');
  });

  it('lets the agent choose the record when several match', async () => {
    const { shell } = await lab.openConsole(mode);
    const pops = lab.stack.simulator.consoleState().pops.length;
    await ringIn(shell, HOPPERS);
    const chooser = shell.locator('.pb-chooser');
    await expect.poll(() => chooser.locator('button').count()).toBe(2);
    await chooser.getByRole('button', { name: /Grace Hopper/ }).click();
    await expect.poll(() => poppedSince(pops)).toContain(GRACE);
    await decline(shell);
  });

  it('pops a new Contact (with the number filled in, in Lightning) when nothing matches', async () => {
    const { shell } = await lab.openConsole(mode);
    const pops = lab.stack.simulator.consoleState().pops.length;
    await ringIn(shell, NOBODY);
    await expect
      .poll(() =>
        lab.stack.simulator
          .consoleState()
          .pops.slice(pops)
          .map((pop) => pop['kind']),
      )
      .toContain('newRecord');
    // Only Lightning can fill fields of the new record; Classic's API has no default field values.
    if (mode === 'Lightning') expect(JSON.stringify(lab.stack.simulator.consoleState().pops.slice(pops))).toContain(NOBODY);
    await decline(shell);
  });
});

describe('calls that fail say why', () => {
  it('busy, and a number that does not exist', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    await lab.stack.customers.get(ADA.number)!.setAcceptMode('busy');
    await page.locator(`a.phone[data-record-id="${ADA.id}"]`).click();
    await callUntil(shell, 'failed');
    expect(await shell.locator('pb-dialpad .notice').textContent()).toMatch(/^Line busy/);

    await shell.locator('pb-dialpad input').fill('4155559999');
    await shell.locator('pb-dialpad button.call').click();
    // The state is already `failed` from the busy call: wait for this call's own notice.
    await expect.poll(() => shell.locator('pb-dialpad .notice').textContent(), { timeout: 15_000 }).toMatch(/^Number not reachable/);
    expect(await callState(shell)).toBe('failed');
  });
});

describe('Classic', () => {
  it('click-to-dial starts a call and a wrapped-up call becomes a Task', async () => {
    const { page, shell } = await lab.openConsole('Classic');
    const tasks = lab.stack.simulator.tasks().length;
    await clickToDial(page, shell, ADA.id);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await shell.locator('pb-call-log form.wrap-up').getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => lab.stack.simulator.tasks().length, { timeout: 10_000 }).toBe(tasks + 1);
    expect(lab.stack.simulator.tasks().at(-1)).toMatchObject({ CallType: 'Outbound', WhoId: ADA.id, Status: 'Completed' });
  });
});

describe('one phone per agent', () => {
  const phoneState = (shell: FrameLocator): Promise<string | null> => shell.locator('.pb-status [data-part="phone"]').textContent();

  it("a second tab drives the first tab's phone, and takes it over when that tab closes", async () => {
    const first = await lab.openConsole('Lightning');
    const second = await lab.browser.context.newPage();
    await second.goto(lab.stack.simulator.consoleUrl('Lightning'));
    const secondShell = second.frameLocator('#softphone');
    await expect.poll(() => phoneState(secondShell)).toBe('Phone in another tab');
    // Its dialpad drives the first tab's phone over the bus (the customer is called), and shows
    // the call. (The first tab is in the background, where the browser holds its rendering back.)
    const customer = lab.stack.customers.get(ADA.number)!;
    const before = customer.events.length;
    await second.locator('#utility-item').click();
    await secondShell.locator('pb-dialpad input').fill(ADA.number);
    await secondShell.locator('pb-dialpad button.call').click();
    await customer.waitForEvent('CALL_ESTABLISHED', { after: before, timeoutMs: 15_000 });
    await callUntil(secondShell, 'connected');
    await secondShell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await customer.waitForEvent('CALL_CLOSED', { after: before });
    await callUntil(secondShell, 'ended');

    await first.page.close();
    await expect.poll(() => phoneState(secondShell), { timeout: 20_000 }).toBe('Phone ready');
    // Its numbers are clickable again once its own phone is up.
    await second.locator('#click-to-dial-state', { hasText: 'Click-to-dial on' }).waitFor();
    await clickToDial(second, secondShell, ADA.id);
    await secondShell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(secondShell, 'ended');
  });

  it('pops a ringing call once, in the tab in view, and the record chosen there goes on the Task', async () => {
    const first = await lab.openConsole('Lightning'); // owns the phone, now in the background
    const second = await lab.browser.context.newPage();
    await second.goto(lab.stack.simulator.consoleUrl('Lightning'));
    const secondShell = second.frameLocator('#softphone');
    await expect.poll(() => phoneState(secondShell)).toBe('Phone in another tab');
    const pops = lab.stack.simulator.consoleState().pops.length;
    const tasks = lab.stack.simulator.tasks().length;
    const customer = lab.stack.customers.get(HOPPERS)!;
    await customer.dial(lab.stack.agentUri);
    await callUntil(secondShell, 'ringing-in');
    // Two records match: the tab in view shows the search and the chooser; the other tab neither.
    const chooser = secondShell.locator('.pb-chooser');
    await expect.poll(() => chooser.locator('button').count()).toBe(2);
    await expect.poll(() => lab.stack.simulator.consoleState().pops.length).toBe(pops + 1);
    expect(await first.shell.locator('.pb-chooser').count()).toBe(0);
    await chooser.getByRole('button', { name: /Grace Hopper/ }).click();
    await expect.poll(() => poppedSince(pops)).toEqual(['search', GRACE]);

    await secondShell.locator('pb-dialpad').getByRole('button', { name: 'Answer' }).click();
    await callUntil(secondShell, 'connected');
    await customer.hangup();
    await callUntil(secondShell, 'ended');
    // The first tab files the Task, with the record the agent chose in the second.
    await secondShell.locator('pb-call-log form.wrap-up').getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => lab.stack.simulator.tasks().length, { timeout: 10_000 }).toBe(tasks + 1);
    expect(lab.stack.simulator.tasks().at(-1)).toMatchObject({ CallType: 'Inbound', WhoId: GRACE });
  });

  it('keeps trying a gateway that is down at start, and is ready once it is up', async () => {
    await lab.stack.janus.stop();
    const page = await lab.browser.context.newPage();
    try {
      await page.goto(lab.stack.simulator.consoleUrl('Lightning'));
      const shell = page.frameLocator('#softphone');
      await expect.poll(() => phoneState(shell), { timeout: 20_000 }).toMatch(/^Phone offline/);
      // A phone that cannot dial leaves Salesforce's numbers unclickable.
      await expect.poll(() => lab.stack.simulator.consoleState().clickToDialEnabled).toBe(false);
      await lab.stack.janus.restart();
      await expect.poll(() => phoneState(shell), { timeout: 30_000 }).toBe('Phone ready');
      await expect.poll(() => lab.stack.simulator.consoleState().clickToDialEnabled).toBe(true);
    } finally {
      if (!(await probeJanus(lab.stack.janus.upstreamUrl))) await lab.stack.janus.restart();
    }
  });
});

describe('audio devices', () => {
  it('lets the agent pick microphone, speaker and ringer, and remembers the choice', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    await page.locator('#utility-item').click(); // the agent opens the softphone from the utility bar
    await shell.getByRole('button', { name: 'Audio' }).click();
    const microphone = shell.locator('.pb-audio-settings select[data-role="microphone"]');
    await expect.poll(() => microphone.locator('option').count()).toBeGreaterThan(1);
    for (const role of ['speaker', 'ringer']) expect(await shell.locator(`.pb-audio-settings select[data-role="${role}"]`).count()).toBe(1);
    const fake = await microphone.locator('option').nth(1).getAttribute('value');
    await microphone.selectOption(fake!);
    await page.reload();
    await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached' });
    await page.locator('#utility-item').click();
    await shell.getByRole('button', { name: 'Audio' }).click();
    await expect.poll(() => shell.locator('.pb-audio-settings select[data-role="microphone"]').inputValue()).toBe(fake);
  });
});

describe('what an admin and Salesforce control', () => {
  it('removes a widget the admin turned off, after a reload, without fetching its code', async () => {
    const admin = await lab.browser.context.newPage();
    await admin.goto(lab.stack.simulator.adminUrl);
    await admin.locator('input[data-key="/PatchbayWidgets/Widgets"]').fill('dialpad,call-log');
    await admin.locator('#save-settings').click();
    await expect.poll(() => lab.stack.simulator.settings()['/PatchbayWidgets/Widgets']).toBe('dialpad,call-log');
    try {
      const presenceOrigin = lab.stack.softphone.widgetOrigins.get('presence')!;
      const { page, shell } = await lab.openConsole('Lightning');
      const fetched: string[] = [];
      page.on('request', (request) => fetched.push(request.url()));
      await page.reload();
      await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached' });
      expect(await shell.locator('[data-widget="dialpad"]').getAttribute('data-state')).toBe('ready');
      expect(await shell.locator('[data-widget="presence"]').count()).toBe(0);
      expect(fetched.filter((url) => url.startsWith(presenceOrigin))).toEqual([]);
    } finally {
      await admin.locator('input[data-key="/PatchbayWidgets/Widgets"]').fill('dialpad,call-log,presence');
      await admin.locator('#save-settings').click();
      await expect.poll(() => lab.stack.simulator.settings()['/PatchbayWidgets/Widgets']).toBe('dialpad,call-log,presence');
    }
  });

  it('refuses a framing origin that is not Salesforce nor allowed, and loads nothing from it', async () => {
    const page = await lab.browser.context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const hostile = new URL(lab.stack.softphone.shellUrl);
    hostile.searchParams.set('sfdcIframeOrigin', 'https://evil.example.com');
    hostile.searchParams.set('mode', 'Lightning');
    await page.goto(hostile.href);
    await page.locator('html[data-shell="failed"]').waitFor({ state: 'attached' });
    expect(await page.locator('.pb-error').textContent()).toContain('evil.example.com');
    expect(requested.filter((url) => new URL(url).hostname === 'evil.example.com')).toEqual([]);
    expect(await page.locator('pb-dialpad').count()).toBe(0);
  });
});
