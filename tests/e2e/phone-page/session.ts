import type { Page } from 'playwright-core';
import type { CallSnapshot, CallStatus } from '@patchbay/contract';
import { freePort, launchChromium, startCallLab, startStaticServer, type Browser, type CallLab, type StaticServer } from '@patchbay/devservers';
import { buildPhonePage } from './build.js';
import type { HarnessConfig } from './main.js';

/** Everything a phone e2e test needs: the lab far end, the built harness page served, Chromium. */
export interface PhoneSession {
  lab: CallLab;
  browser: Browser;
  server: StaticServer;
  /** Opens the harness page and starts a registered phone in it. */
  openPhone(config?: Partial<HarnessConfig>): Promise<Page>;
  stop(): Promise<void>;
}

export async function startPhoneSession(): Promise<PhoneSession> {
  const lab = await startCallLab();
  const page = await buildPhonePage();
  const server = await startStaticServer({ root: page.dir, port: await freePort() });
  const browser = await launchChromium();
  return {
    lab,
    browser,
    server,
    async openPhone(config = {}) {
      const tab = await browser.context.newPage();
      await tab.goto(`${server.origin}/index.html`);
      const full: HarnessConfig = {
        server: lab.janus.url,
        token: lab.janus.token(),
        username: lab.agent.username,
        secret: lab.agent.secret,
        proxy: lab.agent.proxy,
        domain: lab.domain,
        ...config,
      };
      await tab.evaluate((c) => window.harness.start(c), full);
      return tab;
    },
    async stop() {
      await browser.close();
      await server.close();
      await page.remove();
      await lab.stop();
    },
  };
}

/** Waits until the phone in `page` published a snapshot with `status`; returns it. */
export async function waitForStatus(page: Page, status: CallStatus, timeoutMs = 15_000): Promise<CallSnapshot> {
  const handle = await page.waitForFunction(
    (s) => window.harness.snapshots.findLast((snapshot) => snapshot.status === s) ?? false,
    status,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as CallSnapshot;
}

export function statuses(page: Page): Promise<CallStatus[]> {
  return page.evaluate(() => window.harness.snapshots.map((s) => s.status));
}
