import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '@patchbay/devservers';
import { startWidgetDevPage, type WidgetDevPage } from '../../scripts/widget-dev.js';
import { repoRoot } from '../support/built-dist.js';

// A widget alone on its dev page (`npm run dev -w remotes/<id>`): no shell, no servers, an in-page
// bus the page seeds from the contract's examples, and a log of what the widget sends.

let devPage: WidgetDevPage;
let browser: Browser;

beforeAll(async () => {
  devPage = await startWidgetDevPage(join(repoRoot, 'remotes/dialpad'));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await devPage?.close();
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
});
