import { mkdtemp, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePage } from '@patchbay/devservers';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles the harness page (and @patchbay/phone with it) into a temp folder. */
export async function buildPhonePage(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pb-phone-page-'));
  await bundlePage({ entry: join(here, 'main.ts'), outDir: dir });
  await copyFile(join(here, 'index.html'), join(dir, 'index.html'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
