import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '@patchbay/devservers';
import { publishFixtureWidget } from '../support/build-widget.js';
import { WIDGETS, slotState, startStandaloneShell, type StandaloneShell } from '../support/standalone-shell.js';

// A widget's own faults once it is mounted (a throw in its render or in a bus handler, a handler
// that holds the page): the shell takes that widget out, shows its fallback tile with retry, and
// the other widgets go on. The faulty widget is a real Stencil remote built and published as a
// team would, served from its own origin; the presence widget's status cues its faults.

let standalone: StandaloneShell;
let faultyServer: StaticServer;

beforeAll(async () => {
  standalone = await startStandaloneShell('agent-faults');
  faultyServer = await publishFixtureWidget('faulty', { distDir: standalone.dist.dir, deployFile: standalone.deployFile });
  standalone.softphone.updateConfig({ enabledWidgets: [...WIDGETS, 'faulty'] });
}, 180_000); // a whole widget build

afterAll(async () => {
  await faultyServer?.close();
  await standalone?.stop();
});

afterEach(async () => {
  for (const page of standalone.browser.context.pages()) await page.close();
});

async function setOwnStatus(page: Page, status: string): Promise<void> {
  await page.locator('pb-presence select').selectOption(status);
}

/** The other widgets still work: presence shows the status, the dialpad takes a number. */
async function expectOthersWork(page: Page, status: string): Promise<void> {
  for (const id of WIDGETS) expect(await slotState(page, id)).toBe('ready');
  expect(await page.locator('pb-presence select').inputValue()).toBe(status);
  await page.locator('pb-dialpad input').fill('5550100');
  await expect.poll(() => page.locator('pb-dialpad button.call').isEnabled()).toBe(true);
}

async function expectTakenOut(page: Page, text: string): Promise<void> {
  await expect.poll(() => slotState(page, 'faulty')).toBe('failed');
  const tile = page.locator('[data-widget="faulty"] .fallback-tile');
  expect(await tile.getAttribute('role')).toBe('alert');
  expect(await tile.textContent()).toContain(text);
  expect(await page.locator('pb-faulty').count()).toBe(0);
}

describe('a mounted widget whose own code fails', () => {
  it('is taken out when a bus handler throws; the others work; retry brings it back once the cause is gone', async () => {
    const page = await standalone.openShell();
    expect(await slotState(page, 'faulty')).toBe('ready');
    await setOwnStatus(page, 'available');
    await expect.poll(() => page.locator('pb-faulty .status').textContent()).toBe('available');

    await setOwnStatus(page, 'busy');
    await expectTakenOut(page, 'WIDGET-FAULT: its presence listener threw: boom in a bus handler');
    await expectOthersWork(page, 'busy');

    await setOwnStatus(page, 'available');
    await page.locator('[data-widget="faulty"] .fallback-tile').getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => slotState(page, 'faulty')).toBe('ready');
    await expect.poll(() => page.locator('pb-faulty .status').textContent()).toBe('available');
  });

  it('is taken out when its render throws, where the widget itself would only log it and freeze', async () => {
    const page = await standalone.openShell();
    await setOwnStatus(page, 'away');
    await expectTakenOut(page, 'WIDGET-FAULT: its render threw: boom in render');
    await expectOthersWork(page, 'away');
  });

  it('is taken out when it stops answering: a bus handler that held the page longer than the shell allows', async () => {
    const page = await standalone.openShell();
    await setOwnStatus(page, 'offline');
    await expectTakenOut(page, 'WIDGET-HUNG: stopped answering: its presence listener held the page for');
    await expectOthersWork(page, 'offline');
  });
});
