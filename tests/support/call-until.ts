import type { FrameLocator } from 'playwright-core';
import { expect } from 'vitest';
import { callState } from './full-stack.js';

/** Waits until the softphone's dialpad shows the call in `status`. */
export async function callUntil(shell: FrameLocator, status: string, timeout = 15_000): Promise<void> {
  await expect.poll(() => callState(shell), { timeout }).toBe(status);
}
