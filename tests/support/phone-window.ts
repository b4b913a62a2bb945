import { expect } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';

/** The phone's part of the status header, in a Salesforce tab's shell or in the phone window. */
export const phoneState = (where: FrameLocator | Page): Promise<string | null> => where.locator('.pb-status [data-part="phone"]').textContent();

/** Clicks "Open phone window" in the tab's softphone; returns the window once its phone is registered. */
export async function openPhoneWindow(page: Page, shell: FrameLocator): Promise<Page> {
  // The softphone panel opens from the utility bar (Lightning) or is in the sidebar (Classic).
  if (!(await shell.locator('.pb-status button.phone-window').isVisible())) await page.locator('#utility-item').click();
  const [phoneWindow] = await Promise.all([page.context().waitForEvent('page'), shell.locator('.pb-status button.phone-window').click()]);
  await phoneWindow.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
  await expect.poll(() => phoneState(phoneWindow), { timeout: 20_000 }).toBe('Phone ready');
  await expect.poll(() => phoneState(shell), { timeout: 10_000 }).toBe('Phone in its window');
  return phoneWindow;
}
