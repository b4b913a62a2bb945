import type { FrameLocator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labToneHz, type StaticServer } from '@patchbay/devservers';
import { publishFixtureWidget } from '../support/build-widget.js';
import { agentHears, callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { clickToDial } from '../support/click-to-dial.js';

// The phone is not a widget: a widget that fails mid-call is taken out and the call goes on, with
// its audio, in the real stack through the Salesforce simulator. The faulty widget (see
// widget-faults.test.ts) misbehaves on the call's own state: held, it holds the page; muted, it throws.

const ADA = { id: '003000000000001AAA', number: '4155550101' };
let lab: FullStack;
let faultyServer: StaticServer;

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number] });
  faultyServer = await publishFixtureWidget('faulty', lab);
  lab.stack.simulator.updateSettings({ '/PatchbayWidgets/Widgets': 'dialpad,call-log,presence,faulty' });
}, 300_000); // a whole widget build

afterAll(async () => {
  await faultyServer?.close();
  await lab?.stop();
});

afterEach(() => lab.tidy());

async function expectCallGoesOn(shell: FrameLocator): Promise<void> {
  expect(await callState(shell)).toBe('connected');
  await expect.poll(() => agentHears(shell, labToneHz(0))).toBe(true);
}

describe('a widget that fails during a call', () => {
  it('is taken out when it stops answering, then a retried copy that throws is taken out too, and the call goes on with its audio', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    expect(await shell.locator('[data-widget="faulty"]').getAttribute('data-state')).toBe('ready');
    await clickToDial(page, shell, ADA.id);
    await expectCallGoesOn(shell);

    const dialpad = shell.locator('pb-dialpad');
    await dialpad.getByRole('button', { name: 'Hold' }).click();
    await expect.poll(() => shell.locator('[data-widget="faulty"]').getAttribute('data-state')).toBe('failed');
    expect(await shell.locator('[data-widget="faulty"] .fallback-tile').textContent()).toContain('WIDGET-HUNG');
    await dialpad.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => callState(shell)).toBe('connected');
    await expectCallGoesOn(shell);

    await shell.locator('[data-widget="faulty"] .fallback-tile').getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => shell.locator('[data-widget="faulty"]').getAttribute('data-state')).toBe('ready');
    await dialpad.getByRole('button', { name: 'Mute' }).click();
    await expect.poll(() => shell.locator('[data-widget="faulty"]').getAttribute('data-state')).toBe('failed');
    expect(await shell.locator('[data-widget="faulty"] .fallback-tile').textContent()).toContain('threw: boom in a call handler');
    await dialpad.getByRole('button', { name: 'Unmute' }).click();
    await expectCallGoesOn(shell);
    for (const id of ['dialpad', 'call-log', 'presence']) expect(await shell.locator(`[data-widget="${id}"]`).getAttribute('data-state')).toBe('ready');
  }, 120_000);
});
