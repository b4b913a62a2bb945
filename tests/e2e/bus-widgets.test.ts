import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjects, agentId, type DialCommand } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { launchChromium, startBusLab, startSoftphone, type Browser, type BusLab, type RunningSoftphone } from '@patchbay/devservers';
import { copyOfDist, repoRoot } from '../support/built-dist.js';

const WIDGETS = ['dialpad', 'call-log', 'presence'] as const;

let dist: Awaited<ReturnType<typeof copyOfDist>>;
let lab: BusLab;
let softphone: RunningSoftphone;
let browser: Browser;
/** Agent A's bus from Node: stands where the phone stands, on the real nats-server. */
let phoneSide: Bus;

async function openAs(agent: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(softphone.shellUrlFor(agent));
  await page.waitForFunction(() => document.documentElement.dataset['shell'] === 'ready');
  await expect.poll(() => page.locator('.pb-status [data-part="bus"]').getAttribute('data-health')).toBe('ok');
  return page;
}

beforeAll(async () => {
  dist = await copyOfDist();
  softphone = await startSoftphone({
    repoRoot,
    distDir: dist.dir,
    deployFile: join(dist.dir, 'deploy/widgets.json'),
    widgets: WIDGETS,
    config: { enabledWidgets: [...WIDGETS] },
    agents: [
      { id: 'agent-a', displayName: 'Ada Agent', busJwt: () => lab.jwtFor('agent-a') },
      { id: 'agent-b', displayName: 'Bob Agent', busJwt: () => lab.jwtFor('agent-b') },
    ],
  });
  // The bus admits pages of the shell's origin only.
  lab = await startBusLab({ pageOrigins: [softphone.shell.origin] });
  softphone.updateConfig({ busUrl: lab.server.wsUrl });
  browser = await launchChromium();
  phoneSide = await lab.connect('agent-a');
});

afterAll(async () => {
  await browser?.close();
  await softphone?.close();
  await lab?.stop();
  await dist?.remove();
});

describe('widgets over the real bus', () => {
  it('shows a status set by one agent on a teammate page, and keeps it across a reload', async () => {
    const ada = await openAs('agent-a');
    const bob = await openAs('agent-b');
    await ada.locator('pb-presence select').selectOption('busy');
    const adaOnBobsPage = bob.locator('pb-presence li[data-agent="agent-a"]');
    await expect.poll(() => adaOnBobsPage.getAttribute('data-status')).toBe('busy');
    expect(await adaOnBobsPage.locator('.name').textContent()).toBe('Ada Agent');

    await ada.reload();
    await ada.waitForFunction(() => document.documentElement.dataset['shell'] === 'ready');
    await expect.poll(() => ada.locator('pb-presence').getAttribute('data-status')).toBe('busy');
    expect(await ada.locator('pb-presence select').inputValue()).toBe('busy');

    await bob.locator('pb-presence select').selectOption('away');
    await expect.poll(() => ada.locator('pb-presence li[data-agent="agent-b"]').getAttribute('data-status')).toBe('away');
    await ada.close();
    await bob.close();
  });

  it('shows call history live, after a reload and in a second tab', async () => {
    const page = await openAs('agent-a');
    const startedAt = Date.now() - 60_000;
    await phoneSide.history.append({ callId: 'call-e2e-1', direction: 'outbound', number: '+14155550100', startedAt, durationSec: 42 });
    const row = page.locator('pb-call-log li[data-call-id="call-e2e-1"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.duration').textContent()).toBe('0:42');

    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset['shell'] === 'ready');
    await expect.poll(() => page.locator('pb-call-log li[data-call-id="call-e2e-1"]').count()).toBe(1);

    const second = await openAs('agent-a');
    await expect.poll(() => second.locator('pb-call-log li[data-call-id="call-e2e-1"] .number').textContent()).toBe('+14155550100');
    // Agent B's log is B's own: B's call is there, A's is not.
    const bobSide = await lab.connect('agent-b');
    await bobSide.history.append({ callId: 'call-e2e-b', direction: 'inbound', number: '+14155550202', startedAt, durationSec: 7 });
    const bob = await openAs('agent-b');
    await expect.poll(() => bob.locator('pb-call-log li[data-call-id="call-e2e-b"]').count()).toBe(1);
    expect(await bob.locator('pb-call-log li[data-call-id="call-e2e-1"]').count()).toBe(0);
    await Promise.all([page.close(), second.close(), bob.close()]);
  });

  it('marks a missed call, and calls a number back in one click', async () => {
    const page = await openAs('agent-a');
    const dials: string[] = [];
    const stop = phoneSide.subscribe(subjects.dial(agentId('agent-a')), (command) => dials.push(command.number));
    await phoneSide.history.append({ callId: 'call-missed-1', direction: 'inbound', number: '+14155550199', startedAt: Date.now() - 5000, durationSec: 0 });
    const row = page.locator('pb-call-log li[data-call-id="call-missed-1"]');
    await expect.poll(() => row.locator('.missed-mark').textContent()).toBe('Missed');
    await row.getByRole('button', { name: 'Call back +14155550199' }).click();
    await expect.poll(() => dials).toEqual(['+14155550199']);
    stop();
    await page.close();
  });

  it("loads one copy of the contract and the bus client, the shell's, for every widget", async () => {
    const page = await browser.context.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(request.url()));
    await page.goto(softphone.shellUrlFor('agent-a'));
    await page.waitForFunction(() => document.documentElement.dataset['shell'] === 'ready');
    const widgetOrigins = [...softphone.widgetOrigins.values()];
    const fromWidgets = fetched.filter((url) => widgetOrigins.includes(new URL(url).origin));
    // A widget's own copy of a shared package is a numbered chunk beside its remote entry.
    expect(fromWidgets.filter((url) => /\/\d+\.[0-9a-f]{8}\.js$/.test(url))).toEqual([]);
    expect(fromWidgets.filter((url) => url.endsWith('/remoteEntry.js'))).toHaveLength(3);
    await page.close();
  });

  it("publishes each widget's health on the bus", async () => {
    const health: string[] = [];
    const stop = phoneSide.subscribe(subjects.widgetHealth(agentId('agent-a')), (h) => health.push(`${h.widget}@${h.version}:${h.status}`));
    try {
      const page = await openAs('agent-a');
      await expect.poll(() => [...health].sort()).toEqual(['call-log@1.0.0:ok', 'dialpad@1.0.0:ok', 'presence@1.0.0:ok']);
      await page.close();
    } finally {
      stop();
    }
  });

  it('sends the dial command from the dialpad to whoever acts on it', async () => {
    const received: DialCommand[] = [];
    const stop = phoneSide.subscribe(subjects.dial(agentId('agent-a')), (command) => received.push(command));
    try {
      const page = await openAs('agent-a');
      await page.locator('pb-dialpad input').fill('+1 (415) 555-0101');
      await page.locator('pb-dialpad button.call').click();
      await expect.poll(() => received).toEqual([{ number: '+14155550101' }]);
      await page.close();
    } finally {
      stop();
    }
  });
});
