import type { FrameLocator, Page } from 'playwright-core';
import type { CustomerPhone } from '@patchbay/devservers';
import { callUntil } from './call-until.js';

/**
 * The agent clicks the phone number of `recordId` in the simulator's console (`page`); waits until
 * the softphone's dialpad (`shell`) shows the call connected.
 */
export async function clickToDial(page: Page, shell: FrameLocator, recordId: string): Promise<void> {
  await page.locator(`a.phone[data-record-id="${recordId}"]`).click();
  await callUntil(shell, 'connected');
}

/**
 * As clickToDial, and waits until `customer`, the far end the number reaches, has the call
 * established too. Returns how many events the customer had before the click: this call's come after.
 */
export async function clickToDialEstablished(page: Page, shell: FrameLocator, recordId: string, customer: CustomerPhone): Promise<number> {
  const before = customer.events.length;
  await clickToDial(page, shell, recordId);
  await customer.waitForEvent('CALL_ESTABLISHED', { after: before, timeoutMs: 15_000 });
  return before;
}
