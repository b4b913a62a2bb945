import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { labTls } from './lab-tls.js';
import { trustCaInNssHome } from './nss-trust.js';
import { requireBinary } from './process.js';

/**
 * Headless Chromium's flags for the lab: a fake microphone that needs no permission prompt (all
 * WebRTC needs headless), autoplay without a gesture, no background traffic (updates, sync, QUIC),
 * and third-party storage partitioned as in the browsers agents use.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  // Replaces Playwright's own list (Chromium takes the last of a repeated switch) without
  // ThirdPartyStoragePartitioning, which Playwright turns off: browsers partition a third-party
  // frame's storage, and the shell is one in Salesforce. Without partitioning this Chromium denies
  // the frame its Web Locks outright.
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,MediaRouter,PaintHolding,AvoidCorsURLLoaderRestartOnRedirect',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
  /**
   * SIGKILL to the whole browser (its process group): no pagehide, no unload, no goodbye on any
   * socket, as when the browser crashes or is killed. close() afterwards only removes its files.
   */
  kill(): void;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The main process of the Chromium running with `profile`: the one with that profile and no `--type` (not a helper). */
function browserPid(profile: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // it exited while we looked
    }
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((arg) => arg.startsWith('--type='))) return Number(entry);
  }
  throw new Error(`no Chromium process runs with the profile ${profile}`);
}

/**
 * Debian's Chromium, headless, with a fresh profile removed on close. Never a downloaded browser.
 * It trusts this run's lab CA as an operator's desktop would trust a CA, through the NSS database
 * in a HOME of its own; certificates are validated as usual, and no flag skips that.
 */
export async function launchChromium(extraArgs: readonly string[] = [], { popupBlocking = false }: { popupBlocking?: boolean } = {}): Promise<Browser> {
  const executablePath = requireBinary('chromium');
  const dir = await mkdtemp(join(tmpdir(), 'pb-chromium-'));
  try {
    const home = await trustCaInNssHome(join(dir, 'home'), (await labTls()).caFile);
    const profile = join(dir, 'profile');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      // Playwright turns the pop-up blocker off by default; a test of a blocked window turns it back on.
      ...(popupBlocking ? { ignoreDefaultArgs: ['--disable-popup-blocking'] } : {}),
      env: { ...process.env, HOME: home },
    });
    let killed = false;
    const close = async (): Promise<void> => {
      if (!killed) await context.close();
      await rm(dir, { recursive: true, force: true });
    };
    const kill = (): void => {
      // Playwright starts Chromium as the leader of its own process group.
      process.kill(-browserPid(profile), 'SIGKILL');
      killed = true;
    };
    return { context, close, kill, [Symbol.asyncDispose]: close };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
