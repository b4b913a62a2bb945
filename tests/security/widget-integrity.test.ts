import { appendFile, cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishWidget, type RunningSoftphone } from '@patchbay/devservers';
import { editChunk, exposedChunk } from '../support/built-remote.js';
import { slotState, startStandaloneShell, type StandaloneShell } from '../support/standalone-shell.js';

// Only the code that was published runs: a widget whose files change after publishing is
// refused by the browser (integrity pinned in the deploy manifest), and the others still mount.
/** The global the tampered code would set if it ran. */
const TAMPER_MARK = '__pbTampered';

let standalone: StandaloneShell;
let dist: StandaloneShell['dist'];
let softphone: RunningSoftphone;
let deployFile: string;
let original: string;
let requests: StandaloneShell['requests'];
const openShell = (state: 'ready' | 'failed' = 'ready'): Promise<Page> => standalone.openShell(state);

beforeAll(async () => {
  standalone = await startStandaloneShell('agent-sri');
  ({ dist, softphone, deployFile, requests } = standalone);
  original = standalone.published;
});

afterAll(() => standalone?.stop());

afterEach(() => standalone.tidy());

function tamperedCodeRan(page: Page): Promise<boolean> {
  return page.evaluate((mark) => mark in window, TAMPER_MARK);
}

/** Copies widget `id`'s build to a new version and publishes it, as its team would. */
async function publishCopy(id: string, version: string): Promise<{ dir: string; url: (file: string) => string }> {
  const dir = join(dist.dir, 'remotes', id, version);
  await cp(join(dist.dir, 'remotes', id, '1.0.0'), dir, { recursive: true });
  const origin = softphone.widgetOrigins.get(id)!;
  await publishWidget(deployFile, { id, version, origin, builtDir: dir });
  return { dir, url: (file) => `${origin}/${version}/${file}` };
}

function requested(url: string): boolean {
  return requests.some((r) => `${r.origin}${r.path}` === url);
}

describe('a widget altered after publishing', () => {
  it('is refused when its remoteEntry.js changed, its code never runs, the others mount, and a retry loads a fix published since', async () => {
    const { dir, url } = await publishCopy('presence', '1.0.1');
    await appendFile(join(dir, 'remoteEntry.js'), `\nwindow.${TAMPER_MARK} = 'entry';\n`);

    const page = await openShell();
    expect(requested(url('remoteEntry.js'))).toBe(true);
    expect(await tamperedCodeRan(page)).toBe(false);
    expect(await slotState(page, 'presence')).toBe('failed');
    const tile = page.locator('[data-widget="presence"] .fallback-tile');
    expect(await tile.textContent()).toContain(`WIDGET-INTEGRITY: refused ${url('remoteEntry.js')}: it does not match the integrity the deploy manifest pins for presence`);
    for (const id of ['dialpad', 'call-log']) expect(await slotState(page, id)).toBe('ready');

    // The team publishes again (here: the intact build); the retry reads the new pin.
    await publishWidget(deployFile, { id: 'presence', version: '1.0.0', origin: softphone.widgetOrigins.get('presence')!, builtDir: join(dist.dir, 'remotes/presence/1.0.0') });
    await tile.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => slotState(page, 'presence')).toBe('ready');
    expect(await page.locator('[data-widget="presence"]').getAttribute('data-version')).toBe('1.0.0');
    expect(await tamperedCodeRan(page)).toBe(false);
  });

  it('is refused when one of its chunks changed, and that chunk never runs', async () => {
    const { dir, url } = await publishCopy('dialpad', '1.0.1');
    const chunk = await exposedChunk(dir);
    await editChunk(dir, chunk, (code) => `window.${TAMPER_MARK} = 'chunk';\n${code}`, { repin: false });

    const page = await openShell();
    expect(requested(url(chunk))).toBe(true);
    expect(await tamperedCodeRan(page)).toBe(false);
    expect(await slotState(page, 'dialpad')).toBe('failed');
    expect(await page.locator('[data-widget="dialpad"] .fallback-tile').textContent()).toContain(
      `WIDGET-INTEGRITY: refused ${url(chunk)}: it does not match the hash that dialpad's entry ${url('remoteEntry.js')} pins for it`,
    );
    for (const id of ['call-log', 'presence']) expect(await slotState(page, id)).toBe('ready');
  });
});

describe('a deploy manifest entry without integrity', () => {
  it('is refused with the problem named on its tile, its code is never fetched, and the other widgets mount', async () => {
    const manifest = JSON.parse(original) as { widgets: Record<string, { integrity?: string }> };
    delete manifest.widgets['presence']!.integrity;
    await writeFile(deployFile, JSON.stringify(manifest));

    const page = await openShell();
    expect(await slotState(page, 'presence')).toBe('failed');
    expect(await page.locator('[data-widget="presence"] .fallback-tile').textContent()).toContain(
      'WIDGET-ENTRY: its deploy manifest entry is refused: integrity is missing: publishing a widget pins the sha384 hash of its remoteEntry.js, and an unpinned widget is not loaded',
    );
    for (const id of ['dialpad', 'call-log']) expect(await slotState(page, id)).toBe('ready');
    const presenceOrigin = softphone.widgetOrigins.get('presence');
    expect(requests.filter((r) => r.origin === presenceOrigin)).toEqual([]);
  });
});
