import type { Page } from 'playwright-core';

/**
 * Reads a frame of `page` without giving it a user gesture. Every Playwright evaluation, even a
 * locator wait, runs as a user gesture and so lifts the browser's autoplay policy: a test of that
 * policy must look through the DevTools protocol with `userGesture: false` instead.
 */
export async function gesturelessProbe(page: Page, frameUrl: (url: string) => boolean): Promise<(expression: string) => Promise<unknown>> {
  const cdp = await page.context().newCDPSession(page);
  // The default (page's own) JavaScript world of each frame, replaced when the frame navigates.
  const worlds = new Map<string, number>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = context.auxData as { frameId?: string; isDefault?: boolean } | undefined;
    if (aux?.isDefault && aux.frameId) worlds.set(aux.frameId, context.id);
  });
  await cdp.send('Runtime.enable');
  return async (expression) => {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    type Tree = typeof frameTree;
    const find = (tree: Tree): string | undefined => (frameUrl(tree.frame.url) ? tree.frame.id : (tree.childFrames ?? []).map(find).find((id) => id !== undefined));
    const frameId = find(frameTree);
    const contextId = frameId === undefined ? undefined : worlds.get(frameId);
    if (contextId === undefined) return undefined;
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId, userGesture: false, returnByValue: true });
    return exceptionDetails ? undefined : (result.value as unknown);
  };
}
