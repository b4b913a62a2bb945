import type { Page } from 'playwright-core';

/**
 * Reads a frame of `page` without giving it a user gesture. Every Playwright evaluation, even a
 * locator wait, runs as a user gesture and so lifts the browser's autoplay policy: a test of that
 * policy must look through the DevTools protocol with `userGesture: false` instead. The frame is
 * the first whose URL `frameUrl` accepts: a third-party frame (the shell in Salesforce), which
 * Chromium runs in a process, and a DevTools target, of its own.
 */
export async function gesturelessProbe(page: Page, frameUrl: (url: string) => boolean): Promise<(expression: string) => Promise<unknown>> {
  return async (expression) => {
    const frame = page.frames().find((candidate) => frameUrl(candidate.url()));
    if (frame === undefined) return undefined;
    // A session per read: a reloaded frame is a new target.
    const cdp = await page.context().newCDPSession(frame);
    try {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, userGesture: false, returnByValue: true });
      return exceptionDetails ? undefined : (result.value as unknown);
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  };
}
