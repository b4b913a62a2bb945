import { createHash } from 'node:crypto';
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CONTRACT_SEMVER } from '@patchbay/contract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, labTls, publishWidget, type RunningSoftphone } from '@patchbay/devservers';
import { repoRoot } from '../support/built-dist.js';
import { editChunk, exposedChunk } from '../support/built-remote.js';
import { buildWidget } from '../support/build-widget.js';
import { WIDGETS, slotState, startStandaloneShell, type StandaloneShell } from '../support/standalone-shell.js';

const TAGS = { dialpad: 'pb-dialpad', 'call-log': 'pb-call-log', presence: 'pb-presence' } as const;

let standalone: StandaloneShell;
let dist: StandaloneShell['dist'];
let softphone: RunningSoftphone;
let deployFile: string;
/** Every request any of our servers saw: origin + path. */
let requests: StandaloneShell['requests'];
const openShell = (): Promise<Page> => standalone.openShell();

beforeAll(async () => {
  standalone = await startStandaloneShell('agent-e2e');
  ({ dist, softphone, deployFile, requests } = standalone);
});

afterAll(() => standalone?.stop());

afterEach(() => standalone.tidy());

describe('the composed softphone', () => {
  it('composes all three widgets, each from its own origin', async () => {
    const page = await openShell();
    for (const id of WIDGETS) {
      expect(await slotState(page, id)).toBe('ready');
      expect(await page.locator(TAGS[id]).count()).toBe(1);
    }
    const origins = WIDGETS.map((id) => softphone.widgetOrigins.get(id));
    expect(new Set(origins).size).toBe(3);
    for (const id of WIDGETS) {
      const origin = softphone.widgetOrigins.get(id);
      expect(requests.some((r) => r.origin === origin && r.path.endsWith('/remoteEntry.js'))).toBe(true);
    }
    // The widgets are live components, not pictures: typing enables the call button.
    await page.locator('pb-dialpad input').fill('+1 415 555 0100');
    await expect.poll(() => page.locator('pb-dialpad button.call').isEnabled()).toBe(true);
    expect(await page.locator('pb-dialpad input').inputValue()).toBe('+14155550100');
  });

  it('never requests the code of a widget the call center turned off', async () => {
    softphone.updateConfig({ enabledWidgets: ['dialpad', 'presence'] });
    try {
      const page = await openShell();
      expect(await slotState(page, 'dialpad')).toBe('ready');
      expect(await slotState(page, 'presence')).toBe('ready');
      expect(await page.locator('[data-widget="call-log"]').count()).toBe(0);
      const callLogOrigin = softphone.widgetOrigins.get('call-log');
      expect(requests.filter((r) => r.origin === callLogOrigin)).toEqual([]);
      expect(requests.some((r) => r.origin === softphone.widgetOrigins.get('presence'))).toBe(true);
    } finally {
      softphone.updateConfig({ enabledWidgets: [...WIDGETS] });
    }
  });

  it('shows the admin each listed widget it cannot use, and mounts the rest in the listed order', async () => {
    softphone.updateConfig({ enabledWidgets: ['presence', 'Call Log', 'wallboard', 'dialpad', 'presence'] });
    try {
      const page = await openShell();
      expect(await page.locator('[data-widget]').evaluateAll((slots) => slots.map((slot) => (slot as HTMLElement).dataset['widget']))).toEqual(['presence', 'wallboard', 'dialpad']);
      expect(await slotState(page, 'presence')).toBe('ready');
      expect(await slotState(page, 'dialpad')).toBe('ready');
      expect(await slotState(page, 'wallboard')).toBe('failed');
      expect(await page.locator('[data-widget="wallboard"] .fallback-tile').textContent()).toContain('WIDGET-MISSING');
      const notices = await page.locator('.pb-notice').allTextContents();
      expect(notices.some((text) => text.includes('"Call Log" is not a widget id'))).toBe(true);
      expect(notices.some((text) => text.includes('"presence" is listed more than once'))).toBe(true);
    } finally {
      softphone.updateConfig({ enabledWidgets: [...WIDGETS] });
    }
  });
});

describe('a widget that fails', () => {
  async function expectOthersWork(page: Page, broken: string): Promise<void> {
    for (const id of WIDGETS.filter((w) => w !== broken)) expect(await slotState(page, id)).toBe('ready');
    await page.locator('pb-dialpad input').fill('5550100');
    await expect.poll(() => page.locator('pb-dialpad button.call').isEnabled()).toBe(true);
  }

  it('gets a fallback tile when its entry is missing, the others work, and retry recovers it', async () => {
    const presenceDir = join(dist.dir, 'remotes/presence/1.0.0');
    const hidden = join(dist.dir, 'presence-hidden');
    await cp(presenceDir, hidden, { recursive: true });
    await rm(presenceDir, { recursive: true });
    try {
      const page = await openShell();
      expect(await slotState(page, 'presence')).toBe('failed');
      const tile = page.locator('[data-widget="presence"] .fallback-tile');
      expect(await tile.getAttribute('role')).toBe('alert');
      expect(await tile.textContent()).toContain('WIDGET-LOAD');
      await expectOthersWork(page, 'presence');

      await cp(hidden, presenceDir, { recursive: true });
      await tile.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => slotState(page, 'presence'), { timeout: 10_000 }).toBe('ready');
      expect(await page.locator('pb-presence').count()).toBe(1);
    } finally {
      // The later tests need presence deployed, whatever happened here.
      await cp(hidden, presenceDir, { recursive: true, force: true });
    }
  });

  it('gets a fallback tile when its server does not answer in time', async () => {
    const tls = await labTls();
    const silent: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, () => {
      /* accepts and never answers */
    });
    const port = await freePort();
    await new Promise<void>((done) => silent.listen(port, '127.0.0.1', done));
    try {
      const manifest = JSON.parse(standalone.published) as { widgets: Record<string, { entry: string }> };
      manifest.widgets['call-log']!.entry = `https://127.0.0.1:${port}/1.0.0/remoteEntry.js`;
      await writeFile(deployFile, JSON.stringify(manifest));
      const page = await openShell();
      expect(await slotState(page, 'call-log')).toBe('failed');
      expect(await page.locator('[data-widget="call-log"] .fallback-tile').textContent()).toContain('WIDGET-TIMEOUT');
      await expectOthersWork(page, 'call-log');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('gets a fallback tile when its code throws while defining the element', async () => {
    const exposed = join(dist.dir, 'remotes/dialpad/1.0.0');
    const broken = join(dist.dir, 'remotes/dialpad/0.0.1-broken');
    await cp(exposed, broken, { recursive: true });
    // The element's class is registered through customElements.define: make that throw, in a
    // build the team then publishes (its entry pins the edited chunk).
    await editChunk(broken, await exposedChunk(broken), (code) => code.replace(/customElements\.define\(/g, '(()=>{throw new Error("boom in define")})('), {
      repin: true,
    });
    await publishWidget(deployFile, { id: 'dialpad', version: '0.0.1-broken', origin: softphone.widgetOrigins.get('dialpad')!, builtDir: broken });
    const page = await openShell();
    expect(await slotState(page, 'dialpad')).toBe('failed');
    expect(await page.locator('[data-widget="dialpad"] .fallback-tile').textContent()).toContain('boom in define');
    for (const id of ['call-log', 'presence']) expect(await slotState(page, id)).toBe('ready');
  });
});

describe('a widget built for another contract release', () => {
  it('gets a tile that says so, none of its code is fetched, and the others mount', async () => {
    // The presence team's build against contract 2.0.0, published the usual way: the publish step
    // records the release the build declares.
    const built = join(dist.dir, 'remotes/presence/3.0.0');
    await cp(join(dist.dir, 'remotes/presence/1.0.0'), built, { recursive: true });
    await writeFile(join(built, 'patchbay-widget.json'), JSON.stringify({ id: 'presence', contract: '2.0.0' }));
    const presenceOrigin = softphone.widgetOrigins.get('presence')!;
    await publishWidget(deployFile, { id: 'presence', version: '3.0.0', origin: presenceOrigin, builtDir: built });

    const page = await openShell();
    expect(await slotState(page, 'presence')).toBe('failed');
    expect(await page.locator('[data-widget="presence"] .fallback-tile').textContent()).toContain(
      `WIDGET-CONTRACT: presence@3.0.0 built for contract 2.0.0; this softphone speaks contract ${CONTRACT_SEMVER}`,
    );
    expect(requests.filter((r) => r.origin === presenceOrigin)).toEqual([]);
    for (const id of ['dialpad', 'call-log']) expect(await slotState(page, id)).toBe('ready');
  });
});

async function hashTree(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes[path.slice(dir.length)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return hashes;
}

describe('independent deploy', () => {
  it('shows a rebuilt widget version after reload while the shell files stay byte for byte the same', async () => {
    const shellBefore = await hashTree(join(dist.dir, 'shell'));
    // The dialpad team's change, built with the team's own command from a copy of its source.
    const out = join(dist.dir, 'remotes/dialpad/2.0.0');
    await buildWidget({
      from: join(repoRoot, 'remotes/dialpad'),
      id: 'dialpad',
      version: '2.0.0',
      out,
      edit: async (source) => {
        const component = join(source, 'src/components/pb-dialpad/pb-dialpad.tsx');
        await writeFile(component, (await readFile(component, 'utf8')).replace('<h2>Dialpad</h2>', '<h2>Dialpad v2</h2>'));
      },
    });

    const page = await openShell();
    expect(await page.locator('pb-dialpad h2').textContent()).toBe('Dialpad');
    await publishWidget(deployFile, { id: 'dialpad', version: '2.0.0', origin: softphone.widgetOrigins.get('dialpad')!, builtDir: out });
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset['shell'] === 'ready');
    expect(await page.locator('pb-dialpad h2').textContent()).toBe('Dialpad v2');
    expect(await page.locator('[data-widget="dialpad"]').getAttribute('data-version')).toBe('2.0.0');
    expect(await hashTree(join(dist.dir, 'shell'))).toEqual(shellBefore);
  }, 180_000); // a whole widget build runs inside this test
});
