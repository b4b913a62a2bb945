import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sriHash } from '@patchbay/devservers';

/** The file name of the chunk holding a built remote's exposed `./widget` module. */
export async function exposedChunk(builtDir: string): Promise<string> {
  const file = (await readdir(builtDir)).find((name) => name.startsWith('__federation_expose_widget'));
  if (!file) throw new Error(`${builtDir} has no exposed widget chunk`);
  return file;
}

/**
 * Edits one chunk of a built remote. With `repin`, its remoteEntry.js is updated to load the chunk
 * with the new hash, as a rebuild of the edited source would; without, the entry still pins the
 * bytes the build produced (a chunk altered after the build).
 */
export async function editChunk(builtDir: string, file: string, edit: (code: string) => string, { repin }: { repin: boolean }): Promise<void> {
  const path = join(builtDir, file);
  const before = await readFile(path);
  const after = Buffer.from(edit(before.toString('utf8')));
  await writeFile(path, after);
  if (!repin) return;
  const entryPath = join(builtDir, 'remoteEntry.js');
  const entry = await readFile(entryPath, 'utf8');
  if (!entry.includes(sriHash(before))) throw new Error(`${entryPath} does not pin ${file}: was it built with chunk integrity?`);
  await writeFile(entryPath, entry.replace(sriHash(before), sriHash(after)));
}
