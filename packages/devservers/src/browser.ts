import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { labTls } from './lab-tls.js';
import { trustCaInNssHome } from './nss-trust.js';
import { requireBinary } from './process.js';

/** Flags measured on these machines (LAB.md): fake media devices, no network chatter. */
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
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
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
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      // Playwright turns the pop-up blocker off by default; a test of a blocked window turns it back on.
      ...(popupBlocking ? { ignoreDefaultArgs: ['--disable-popup-blocking'] } : {}),
      env: { ...process.env, HOME: home },
    });
    const close = async (): Promise<void> => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    };
    return { context, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
