import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, labTls, labToneHz, publishWidget, startStaticServer, type Browser, type RunningSoftphone, type StaticServer } from '@patchbay/devservers';
import { WIDGETS, slotState, startStandaloneShell, type StandaloneShell } from '../support/standalone-shell.js';
import { agentHears, callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { clickToDial } from '../support/click-to-dial.js';

// The shell's Content-Security-Policy lets scripts come only from the shell's origin, the deploy
// manifest's widget origins and Open CTI's, with no inline script and no eval. The softphone
// itself, a call included, must not trip it.

interface Violation {
  directive: string;
  blocked: string;
}

declare global {
  interface Window {
    pbViolations: Violation[];
  }
}

/** The global the foreign script sets if it runs. */
const FOREIGN_MARK = '__pbForeign';

/** Records every CSP violation of every document in the context, from before its first script. */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: Violation[] = [];
    window.pbViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }), true);
  });
}

function violations(frame: Page | Frame): Promise<Violation[]> {
  return frame.evaluate(() => window.pbViolations);
}

function foreignCodeRan(frame: Page | Frame): Promise<boolean> {
  return frame.evaluate((mark) => mark in window, FOREIGN_MARK);
}

/** A server on an origin no manifest names, serving a script that marks the page if it runs. */
let foreign: StaticServer;
let foreignDir: string;
let foreignRequests: string[] = [];

beforeAll(async () => {
  foreignDir = await mkdtemp(join(tmpdir(), 'pb-foreign-'));
  await writeFile(join(foreignDir, 'x.js'), `window.${FOREIGN_MARK} = 'external';\n`);
  foreign = await startStaticServer({ root: foreignDir, port: await freePort(), tls: await labTls(), cors: true, onRequest: (path) => foreignRequests.push(path) });
});

afterAll(async () => {
  await foreign?.close();
  await rm(foreignDir, { recursive: true, force: true });
});

afterEach(() => {
  foreignRequests = [];
});

describe('the standalone shell', () => {
  let standalone: StandaloneShell;
  let dist: StandaloneShell['dist'];
  let browser: Browser;
  let softphone: RunningSoftphone;
  let deployFile: string;

  beforeAll(async () => {
    standalone = await startStandaloneShell('agent-csp');
    ({ dist, browser, softphone, deployFile } = standalone);
    await recordViolations(browser.context);
  });

  afterAll(() => standalone?.stop());

  afterEach(() => standalone.tidy());

  async function openShell(): Promise<{ page: Page; response: Response }> {
    const page = await browser.context.newPage();
    const response = await page.goto(softphone.shellUrl);
    if (!response) throw new Error('no response for the shell page');
    await page.waitForFunction(() => document.documentElement.dataset['shell'] === 'ready', undefined, { timeout: 20_000 });
    return { page, response };
  }

  it('blocks a script a published widget pulls from an origin not in the manifest, inline script and eval', async () => {
    const hostile = join(dist.dir, 'remotes/presence/1.0.2');
    await cp(join(dist.dir, 'remotes/presence/1.0.0'), hostile, { recursive: true });
    // Published code, so it runs: only the policy stands between it and the foreign script.
    await appendFile(
      join(hostile, 'remoteEntry.js'),
      `;(function () {
        var external = document.createElement('script');
        external.src = '${foreign.origin}/x.js';
        document.head.append(external);
        var inline = document.createElement('script');
        inline.textContent = "window.${FOREIGN_MARK} = 'inline'";
        document.head.append(inline);
        try { eval("window.${FOREIGN_MARK} = 'eval'"); } catch (error) { window.__pbEvalRefused = String(error); }
      })();\n`,
    );
    await publishWidget(deployFile, { id: 'presence', version: '1.0.2', origin: softphone.widgetOrigins.get('presence')!, builtDir: hostile });

    const { page } = await openShell();
    await expect
      .poll(() => violations(page))
      .toEqual(
        expect.arrayContaining([
          { directive: 'script-src-elem', blocked: `${foreign.origin}/x.js` },
          { directive: 'script-src-elem', blocked: 'inline' },
          { directive: 'script-src', blocked: 'eval' },
        ]),
      );
    expect(await page.evaluate(() => String(Reflect.get(window, '__pbEvalRefused')))).toContain('EvalError');
    expect(await foreignCodeRan(page)).toBe(false);
    expect(foreignRequests).toEqual([]);
    for (const id of WIDGETS) expect(await slotState(page, id)).toBe('ready');
  });

  it('allows a widget published from a new origin on the next page load, with no server restart', async () => {
    const elsewhere = await startStaticServer({ root: join(dist.dir, 'remotes/call-log'), port: await freePort(), tls: await labTls(), cors: true });
    try {
      await publishWidget(deployFile, { id: 'call-log', version: '1.0.0', origin: elsewhere.origin, builtDir: join(dist.dir, 'remotes/call-log/1.0.0') });
      const { page, response } = await openShell();
      expect(await response.headerValue('content-security-policy')).toContain(elsewhere.origin);
      expect(await slotState(page, 'call-log')).toBe('ready');
      expect(await violations(page)).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('the softphone in the Salesforce simulator', () => {
  const ADA = { id: '003000000000001AAA', number: '4155550101' };
  let lab: FullStack;
  let shellDocuments: Response[] = [];

  beforeAll(async () => {
    lab = await startFullStack();
    await recordViolations(lab.browser.context);
    lab.browser.context.on('response', (response) => {
      if (response.request().resourceType() === 'document' && response.url().startsWith(lab.stack.softphone.shellUrl)) shellDocuments.push(response);
    });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  afterEach(async () => {
    for (const page of lab.browser.context.pages()) await page.close();
    shellDocuments = [];
  });

  it.each(['Lightning', 'Classic'] as const)('(%s) runs a call with no violation, while the policy is in force', async (mode) => {
    const { page, shell } = await lab.openConsole(mode);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(lab.stack.softphone.shellUrl));
    if (!frame) throw new Error('the console has no shell frame');
    const policy = await shellDocuments.at(-1)?.headerValue('content-security-policy');
    expect(policy).toContain(`script-src 'self' ${[...lab.stack.softphone.widgetOrigins.values()].join(' ')}`);
    expect(policy).toContain(new URL(lab.stack.simulator.consoleUrl(mode)).origin);

    await clickToDial(page, shell, ADA.id);
    await expect.poll(() => agentHears(shell, labToneHz(0))).toBe(true);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => callState(shell)).toBe('ended');
    expect(await violations(frame)).toEqual([]);

    // The same frame refuses a script from an origin the policy does not name.
    await frame.evaluate((src) => {
      const script = document.createElement('script');
      script.src = src;
      document.head.append(script);
    }, `${foreign.origin}/x.js`);
    await expect.poll(() => violations(frame)).toEqual([{ directive: 'script-src-elem', blocked: `${foreign.origin}/x.js` }]);
    expect(await foreignCodeRan(frame)).toBe(false);
    expect(foreignRequests).toEqual([]);
  });
});
