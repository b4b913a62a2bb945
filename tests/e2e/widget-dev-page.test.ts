import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '@patchbay/devservers';
import { startWidgetDevPage, type WidgetDevPage } from '../../scripts/widget-dev.js';
import { withWidgetCopy } from '../support/build-widget.js';
import { repoRoot } from '../support/built-dist.js';

// A widget alone on its dev page (`npm run dev -w remotes/<id>`): no shell, no servers, an in-page
// bus the page seeds from the contract's examples, and a log of what the widget sends.

let devPage: WidgetDevPage;
let hostilePage: WidgetDevPage;
let browser: Browser;

beforeAll(async () => {
  devPage = await startWidgetDevPage(join(repoRoot, 'remotes/dialpad'));
  // The fixture widget that tries the shell's part of the bus, from a copy laid out as a team's.
  hostilePage = await withWidgetCopy(join(repoRoot, 'tests/fixtures/widgets/hostile'), 'hostile', (source) => startWidgetDevPage(source));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await devPage?.close();
  await hostilePage?.close();
});

describe('the dev page', () => {
  it('renders a contract example published on its in-page bus, and logs the command the widget sends back', async () => {
    const page = await browser.context.newPage();
    await page.goto(devPage.url);
    await page.locator('pb-dialpad input').waitFor();
    await page.getByRole('button', { name: 'call state (full: connected)' }).click();
    await expect.poll(() => page.locator('pb-dialpad').getByText('+14155550100').count()).toBeGreaterThan(0);
    await page.locator('pb-dialpad button.hangup').click();
    await expect.poll(() => page.locator('#log').textContent()).toContain('widget sent hangup: {"callId":"call-7f3a"}');
  });

  it('refuses what the shell would refuse the widget, in the widget, in its log and as a console error', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(hostilePage.url);
    const hostile = page.locator('pb-hostile');
    await hostile.getByRole('button', { name: 'Take the phone' }).click();
    await expect.poll(() => hostile.locator('li[data-attempt]').count(), { timeout: 15_000 }).toBe(5);
    for (const attempt of ['reply query.phone-window', 'publish state.phone-window', 'request query.phone-handover', 'publish state.health', 'request store.presence.set']) {
      expect(await hostile.locator(`li[data-attempt="${attempt}"]`).textContent(), attempt).toMatch(/^WidgetRefusedError: a widget may not /);
    }
    const log = await page.locator('#log').textContent();
    expect(log).toContain('REFUSED (the shell refuses it too): a widget may not reply on query.phone-window');
    expect(log).toContain('REFUSED (the shell refuses it too): a widget may not request on store.presence.set');
    expect(errors.filter((text) => text.startsWith('[patchbay dev] WIDGET-BUS-REFUSED: a widget may not '))).toHaveLength(5);
  });
});
