import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTRACT_SEMVER } from '@patchbay/contract';
import { publishWidget, readDeployFile } from '@patchbay/devservers';
import { parseDeployManifest } from '../../shell/src/widgets/deploy-manifest.js';
import { repoRoot } from '../support/built-dist.js';
import { editChunk, exposedChunk } from '../support/built-remote.js';

// The publish step a widget team runs, on the dialpad as `npm run build` built it.
let work: string;
let built: string;
let deployFile: string;
const ORIGIN = 'https://widgets.example.com/dialpad';

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pb-publish-'));
  built = join(work, 'dialpad/1.0.0');
  deployFile = join(work, 'widgets.json');
  await cp(join(repoRoot, 'dist/remotes/dialpad/1.0.0'), built, { recursive: true });
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('publishWidget', () => {
  it('pins the sha384 of remoteEntry.js, and records the contract release the build declares, in a manifest the shell reads', async () => {
    await publishWidget(deployFile, { id: 'dialpad', version: '1.0.0', origin: ORIGIN, builtDir: built });
    const digest = createHash('sha384')
      .update(await readFile(join(built, 'remoteEntry.js')))
      .digest('base64');
    const chunk = await exposedChunk(built);
    const chunkDigest = createHash('sha384')
      .update(await readFile(join(built, chunk)))
      .digest('base64');
    const manifest = parseDeployManifest(JSON.parse(await readFile(deployFile, 'utf8')));
    expect(manifest.widgets.get('dialpad')).toEqual({
      id: 'dialpad',
      container: 'patchbay_dialpad',
      version: '1.0.0',
      entry: `${ORIGIN}/1.0.0/remoteEntry.js`,
      integrity: `sha384-${digest}`,
      contract: CONTRACT_SEMVER,
      // The exposed widget's chunk, at the URL it is published under and with the pin its entry holds.
      preload: [{ url: `${ORIGIN}/1.0.0/${chunk}`, integrity: `sha384-${chunkDigest}` }],
    });
    expect(await readFile(join(built, 'remoteEntry.js'), 'utf8')).toContain(`sha384-${chunkDigest}`);
  });

  it('refuses a build that does not declare the contract release it was built for', async () => {
    await rm(join(built, 'patchbay-widget.json'));
    await expect(publishWidget(deployFile, { id: 'dialpad', version: '1.0.0', origin: ORIGIN, builtDir: built })).rejects.toThrow('patchbay-widget.json is missing or unreadable');
    expect((await readDeployFile(deployFile)).widgets).toEqual({});
  });

  it('refuses a build whose entry does not pin one of its chunks', async () => {
    const chunk = await exposedChunk(built);
    await editChunk(built, chunk, (code) => `${code};`, { repin: false });
    await expect(publishWidget(deployFile, { id: 'dialpad', version: '1.0.0', origin: ORIGIN, builtDir: built })).rejects.toThrow(`${join(built, chunk)} is not pinned by its remoteEntry.js`);
    expect((await readDeployFile(deployFile)).widgets).toEqual({});
  });

  it('carries no entry of a schema 1 manifest over, since none is pinned', async () => {
    const unpinned = { container: 'patchbay_presence', version: '1.0.0', entry: 'https://w.example.com/presence/1.0.0/remoteEntry.js' };
    await writeFile(deployFile, JSON.stringify({ schemaVersion: 1, widgets: { presence: unpinned } }));
    await publishWidget(deployFile, { id: 'dialpad', version: '1.0.0', origin: ORIGIN, builtDir: built });
    const written = JSON.parse(await readFile(deployFile, 'utf8')) as { schemaVersion: number; widgets: Record<string, unknown> };
    expect(written.schemaVersion).toBe(2);
    expect(Object.keys(written.widgets)).toEqual(['dialpad']);
  });
});
