import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { launchChromium, startStack, type Browser, type RunningStack } from '@patchbay/devservers';
import { copyOfDist, repoRoot } from './built-dist.js';
import { measureTone, type ToneReading } from './tone.js';
import { recordEvents, recordPageLogs } from './page-logs.js';

export const WIDGETS = ['dialpad', 'call-log', 'presence'] as const;

export interface FullStack {
  stack: RunningStack;
  browser: Browser;
  /** This stack's copy of the build (dist/shell, dist/remotes/<id>/<version>) and its deploy manifest. */
  distDir: string;
  deployFile: string;
  /**
   * Opens the simulator console in `mode` (signed in as `user`, in `browser`: the stack's agent in the
   * stack's browser by default) and waits for the framed softphone's phone to register.
   */
  openConsole(mode: 'Lightning' | 'Classic', options?: { user?: string; browser?: Browser }): Promise<{ page: Page; shell: FrameLocator }>;
  /**
   * After each test, even one that failed half way: closes every tab (a tab left open keeps the
   * agent's phone) and hangs up every lab phone, set to answer again (one left in a call would be
   * busy for the next test).
   */
  tidy(): Promise<void>;
  stop(): Promise<void>;
}

export interface FullStackOptions {
  /** Customer phone numbers at the far end (the stack's default: one). */
  customers?: readonly string[];
  /** More Chromium flags (a later flag overrides an earlier one, e.g. the autoplay policy). */
  browserArgs?: readonly string[];
  /** How long issued credentials last, seconds (tests of renewal shorten it). */
  credentialsTtlSeconds?: number;
  /** The widgets to deploy and enable, in order (the three the tests drive by default). */
  widgets?: readonly string[];
  /** Keep Chromium's pop-up blocker on (Playwright turns it off): a window opened without the agent's gesture is refused. */
  popupBlocking?: boolean;
}

export async function startFullStack({ customers, browserArgs = [], credentialsTtlSeconds, widgets = WIDGETS, popupBlocking = false }: FullStackOptions = {}): Promise<FullStack> {
  const dist = await copyOfDist();
  const deployFile = join(dist.dir, 'deploy/widgets.json');
  const stack = await startStack({
    repoRoot,
    distDir: dist.dir,
    deployFile,
    widgets,
    ...(customers ? { customers } : {}),
    ...(credentialsTtlSeconds ? { credentialsTtlSeconds } : {}),
  });
  const browser = await launchChromium(browserArgs, { popupBlocking });
  const stopRecords = [...stack.customers].map(([number, phone]) => recordEvents(`customer ${number}`, phone.events));
  return {
    stack,
    browser,
    distDir: dist.dir,
    deployFile,
    async openConsole(mode, { user, browser: inBrowser = browser } = {}) {
      const page = await inBrowser.context.newPage();
      recordPageLogs(page, user ?? 'agent');
      await page.goto(stack.simulator.consoleUrl(mode, user));
      const shell = page.frameLocator('#softphone');
      // Plain Playwright waits, so benchmarks and scripts can use this outside vitest.
      await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
      await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone ready$/ }).waitFor({ state: 'attached', timeout: 20_000 });
      // The softphone turns click-to-dial on once its phone is ready: a number clicked before is not a link.
      await page.locator('#click-to-dial-state', { hasText: 'Click-to-dial on' }).waitFor({ timeout: 20_000 });
      return { page, shell };
    },
    async tidy() {
      for (const page of browser.context.pages()) await page.close();
      for (const customer of stack.customers.values()) {
        await customer.hangup();
        await customer.setAcceptMode('answer');
      }
    },
    async stop() {
      for (const stopRecord of stopRecords) stopRecord();
      await browser.close();
      await stack.stop();
      await dist.remove();
    },
  };
}

/** The loudest frequency the agent hears (the remote audio element), in the shell frame or the phone window. */
export function remoteTone(shell: FrameLocator | Page): Promise<ToneReading> {
  return shell.locator('audio.pb-remote-audio').evaluate(measureTone);
}

/** Whether the agent's page plays a tone of `hz` now (media flows a moment after the answer). */
export async function agentHears(shell: FrameLocator | Page, hz: number): Promise<boolean> {
  const tone = await remoteTone(shell);
  return Math.abs(tone.peakHz - hz) < 25 && tone.peakDb > -60;
}

export function callState(shell: FrameLocator): Promise<string | null> {
  return shell.locator('pb-dialpad').getAttribute('data-call');
}
