import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The deploy manifest on disk, as a widget team's pipeline would publish it: one entry per widget,
 * pointing at a built version. Publishing touches only that widget's entry.
 */
export interface DeployEntry {
  container: string;
  version: string;
  entry: string;
}

export interface DeployManifestFile {
  schemaVersion: 1;
  widgets: Record<string, DeployEntry>;
}

export async function readDeployFile(file: string): Promise<DeployManifestFile> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DeployManifestFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, widgets: {} };
    throw error;
  }
}

/** The Subresource Integrity hash of a file's bytes, as an `integrity` attribute takes it. */
export function sriHash(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** The container name a remote was built with, read from its own mf-manifest.json. */
export async function containerOf(builtDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(builtDir, 'mf-manifest.json'), 'utf8')) as { name?: unknown };
  if (typeof manifest.name !== 'string') throw new Error(`${builtDir}/mf-manifest.json has no container name`);
  return manifest.name;
}

/**
 * Points widget `id` at `version` served from `origin` (which serves dist/remotes/<id>/). Written
 * to a temporary file and renamed, so the shell never reads half a manifest.
 */
export async function publishWidget(
  file: string,
  { id, version, origin, builtDir }: { id: string; version: string; origin: string; builtDir: string },
): Promise<DeployEntry> {
  const manifest = await readDeployFile(file);
  const entry: DeployEntry = {
    container: await containerOf(builtDir),
    version,
    entry: `${origin}/${encodeURIComponent(version)}/remoteEntry.js`,
  };
  manifest.widgets[id] = entry;
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(manifest, null, 2) + '\n');
  await rename(temporary, file);
  return entry;
}
