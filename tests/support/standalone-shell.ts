import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, startSoftphone, type Browser, type RunningSoftphone } from '@patchbay/devservers';
import { copyOfDist, repoRoot } from './built-dist.js';

export const WIDGETS = ['dialpad', 'call-log', 'presence'] as const;

/** The shell outside Salesforce with the three widgets, each from its own origin, on the in-page bus. */
export interface StandaloneShell {
  readonly dist: Awaited<ReturnType<typeof copyOfDist>>;
  readonly softphone: RunningSoftphone;
  readonly browser: Browser;
  readonly deployFile: string;
  /** The deploy manifest as published at start. */
  readonly published: string;
  /** Every request any of its servers saw, origin and path, since the last tidy(). */
  readonly requests: { origin: string; path: string }[];
  /** A new tab on the shell, once the shell says `state`. */
  openShell(state?: 'ready' | 'failed'): Promise<Page>;
  /** After each test: every tab closed, the manifest as published, the requests forgotten. */
  tidy(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStandaloneShell(agent: string): Promise<StandaloneShell> {
  const dist = await copyOfDist();
  const deployFile = join(dist.dir, 'deploy/widgets.json');
  const requests: { origin: string; path: string }[] = [];
  const softphone = await startSoftphone({
    repoRoot,
    distDir: dist.dir,
    deployFile,
    widgets: WIDGETS,
    config: { enabledWidgets: [...WIDGETS], widgetTimeoutMs: 5000 },
    agents: [{ id: agent, displayName: `${agent} (test)` }],
    onRequest: (origin, path) => requests.push({ origin, path }),
  });
  const published = await readFile(deployFile, 'utf8');
  const browser = await launchChromium();
  return {
    dist,
    softphone,
    browser,
    deployFile,
    published,
    requests,
    async openShell(state = 'ready') {
      const page = await browser.context.newPage();
      await page.goto(softphone.shellUrl);
      await page.waitForFunction((wanted) => document.documentElement.dataset['shell'] === wanted, state, { timeout: 20_000 });
      return page;
    },
    async tidy() {
      for (const page of browser.context.pages()) await page.close();
      await writeFile(deployFile, published);
      requests.length = 0;
    },
    async stop() {
      await browser.close();
      await softphone.close();
      await dist.remove();
    },
  };
}

/** A widget slot's state: loading, ready or failed. */
export function slotState(page: Page, id: string): Promise<string | null> {
  return page.locator(`[data-widget="${id}"]`).getAttribute('data-state');
}
