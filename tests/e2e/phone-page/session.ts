import type { Page } from 'playwright-core';
import type { CallSnapshot, CallStatus, ConsultStatus, TransferAttempt } from '@patchbay/contract';
import type { GatewayToken, SipCredential } from '@patchbay/phone';
import { freePort, janusTokenExpiresAt, labTls, launchChromium, startCallLab, startStaticServer, type Browser, type CallLab, type StaticServer } from '@patchbay/devservers';
import { callAgentUntilRinging } from '../../support/call-agent.js';
import { buildPhonePage } from './build.js';
import type { HarnessConfig } from './main.js';

/**
 * What a harness page's phone gets when it asks for credentials, minted in Node at each request
 * as a credentials service would. A test may replace either function at any time.
 */
export interface LabIssuer {
  gatewayToken(): GatewayToken;
  sipCredential(): SipCredential;
}

/** Gateway tokens and SIP credentials of the lab's agent, valid for `ttlSeconds` from each request. */
export function labIssuer(lab: CallLab, { ttlSeconds = 600, user = lab.agent.user } = {}): LabIssuer {
  return {
    gatewayToken: () => {
      const token = lab.janus.token(ttlSeconds);
      return { token, expiresAt: janusTokenExpiresAt(token) };
    },
    sipCredential: () => lab.registrar.credentials(user, ttlSeconds),
  };
}

/** Everything a phone e2e test needs: the lab far end, the built harness page served, Chromium. */
export interface PhoneSession {
  lab: CallLab;
  browser: Browser;
  server: StaticServer;
  /** Opens the harness page, its phone's credentials coming from `issuer` (the lab's by default); start() is the test's. */
  newPhoneTab(issuer?: LabIssuer): Promise<Page>;
  /** Opens the harness page and starts a registered phone in it. */
  openPhone(config?: Partial<HarnessConfig>, issuer?: LabIssuer): Promise<Page>;
  /** The same in another browser (another profile: another computer of the same agent, as the registrar sees it). */
  openPhoneIn(other: Browser): Promise<Page>;
  /**
   * Closes every page openPhone opened, so a test that failed half way does not leave its phone
   * holding the agent's line (the tab lock) for the tests after it.
   */
  closePhones(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPhoneSession(labOptions: Parameters<typeof startCallLab>[0] = {}): Promise<PhoneSession> {
  const lab = await startCallLab(labOptions);
  const page = await buildPhonePage();
  const server = await startStaticServer({ root: page.dir, port: await freePort(), tls: await labTls() });
  const browser = await launchChromium();
  const phones = new Set<Page>();
  const newPhoneTab = async (issuer = labIssuer(lab), inBrowser = browser): Promise<Page> => {
    const tab = await inBrowser.context.newPage();
    phones.add(tab);
    tab.once('close', () => phones.delete(tab));
    // Looked up at each call, so a test may swap what the issuer hands out.
    await tab.exposeFunction('labGatewayToken', () => issuer.gatewayToken());
    await tab.exposeFunction('labSipCredential', () => issuer.sipCredential());
    await tab.goto(`${server.origin}/index.html`);
    return tab;
  };
  const openPhone = async (config: Partial<HarnessConfig> = {}, issuer?: LabIssuer, inBrowser = browser): Promise<Page> => {
    const tab = await newPhoneTab(issuer, inBrowser);
    const full: HarnessConfig = {
      servers: [lab.janus.url],
      username: lab.agent.username,
      proxy: lab.agent.proxy,
      domain: lab.domain,
      ...config,
    };
    await tab.evaluate((c) => window.harness.start(c), full);
    return tab;
  };
  return {
    lab,
    browser,
    server,
    newPhoneTab: (issuer) => newPhoneTab(issuer),
    openPhone: (config, issuer) => openPhone(config, issuer),
    openPhoneIn: (other) => openPhone({}, undefined, other),
    async closePhones() {
      await Promise.all([...phones].map((tab) => tab.close()));
    },
    async stop() {
      await browser.close();
      await server.close();
      await page.remove();
      await lab.stop();
    },
  };
}

/** Starts the phone in `tab` with `config`; resolves with how start() failed ("Name: message"), or null once it started. */
export function startError(tab: Page, config: HarnessConfig): Promise<string | null> {
  return tab.evaluate(
    (c) =>
      window.harness.start(c).then(
        () => null,
        (e: Error) => `${e.name}: ${e.message}`,
      ),
    config,
  );
}

/** Inbound RTP packets received so far in the page's current call. */
export function packetsReceived(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let packets = 0;
    (await window.harness.phone().stats())?.forEach((s: { type: string; packetsReceived?: number }) => {
      if (s.type === 'inbound-rtp') packets += s.packetsReceived ?? 0;
    });
    return packets;
  });
}

/** The phone's current snapshot seq, to wait for what comes after it. */
export function currentSeq(page: Page): Promise<number> {
  return page.evaluate(() => window.harness.phone().snapshot.seq);
}

/** What to wait for in a snapshot: the call's status, its consultation's, or its transfer request's. */
export type SnapshotMatch = { status: CallStatus } | { consult: ConsultStatus } | { transfer: TransferAttempt['status'] };

/** Waits until the phone in `page` published a snapshot that matches, with seq above `afterSeq`. */
export async function waitForSnapshot(page: Page, match: SnapshotMatch, afterSeq: number, timeoutMs = 15_000): Promise<CallSnapshot> {
  const handle = await page.waitForFunction(
    ([m, after]) =>
      window.harness.snapshots.find((s) => s.seq > after && ('status' in m ? s.status === m.status : 'consult' in m ? s.consult?.status === m.consult : s.transfer?.status === m.transfer)) ?? false,
    [match, afterSeq] as const,
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as CallSnapshot;
}

/** Waits until the phone in `page` published a snapshot with `status` and seq above `afterSeq`. */
export function waitForStatus(page: Page, status: CallStatus, afterSeq: number, timeoutMs?: number): Promise<CallSnapshot> {
  return waitForSnapshot(page, { status }, afterSeq, timeoutMs);
}

export function statuses(page: Page): Promise<CallStatus[]> {
  return page.evaluate(() => window.harness.snapshots.map((s) => s.status));
}

/** The customer calls the agent (again, while Janus still refuses); resolves with the ringing-in snapshot. */
export async function customerCallsAgent(session: PhoneSession, page: Page): Promise<CallSnapshot> {
  const { customer, registrar, agent } = session.lab;
  const seq = await currentSeq(page);
  const ringingAfter = (after: number): Promise<boolean> => page.evaluate((s) => window.harness.snapshots.some((snapshot) => snapshot.status === 'ringing-in' && snapshot.seq > s), after);
  await callAgentUntilRinging(customer, registrar.uri(agent.user), () => ringingAfter(seq));
  return waitForStatus(page, 'ringing-in', seq);
}
