import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

/**
 * A private copy of the build output, so a test can publish new widget versions or break one
 * without touching dist/ or another test. `npm test` builds before it runs the tests.
 */
export async function copyOfDist(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'shell/index.html'))) {
    throw new Error('dist/ has no build: run `npm run build` (npm test does it first)');
  }
  const dir = await mkdtemp(join(tmpdir(), 'pb-dist-'));
  await cp(join(dist, 'shell'), join(dir, 'shell'), { recursive: true });
  await cp(join(dist, 'remotes'), join(dir, 'remotes'), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
