import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { WIDGET_DECLARATION_FILE } from '@patchbay/widget-kit';

/**
 * The deploy manifest on disk, as a widget team's pipeline would publish it: one entry per widget,
 * pointing at a built version and pinning its code. Publishing touches only that widget's entry.
 */
export interface DeployEntry {
  container: string;
  version: string;
  entry: string;
  /** sha384 of remoteEntry.js; the entry pins its chunks' hashes in turn. */
  integrity: string;
  /** The @patchbay/contract release the widget was built for. */
  contract: string;
  /**
   * The chunks loading the exposed widget takes, each with the integrity its entry pins: the shell
   * asks for them while the agent signs in, rather than one after the other once it composes.
   * Absent from entries an earlier publish step wrote: the shell then preloads the entry alone.
   */
  preload?: PreloadedChunk[];
}

export interface PreloadedChunk {
  url: string;
  integrity: string;
}

export interface DeployManifestFile {
  schemaVersion: 2;
  widgets: Record<string, DeployEntry>;
}

export async function readDeployFile(file: string): Promise<DeployManifestFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 2, widgets: {} };
    throw error;
  }
  const manifest = JSON.parse(text) as { schemaVersion?: unknown };
  // Schema 1 entries pin no code, so none of them carries over: each widget publishes again.
  if (manifest.schemaVersion === 1) return { schemaVersion: 2, widgets: {} };
  if (manifest.schemaVersion !== 2) throw new Error(`${file} has schemaVersion ${JSON.stringify(manifest.schemaVersion)}; this publish step writes 2`);
  return manifest as DeployManifestFile;
}

/** The origins the manifest's widget entries are served from; an entry that is not a URL has none (the shell refuses it). */
export function widgetOrigins(manifest: DeployManifestFile): string[] {
  const origins = Object.values(manifest.widgets).flatMap(({ entry }) => {
    try {
      const url = new URL(entry);
      return url.protocol === 'https:' || url.protocol === 'http:' ? [url.origin] : [];
    } catch {
      return [];
    }
  });
  return [...new Set(origins)];
}

/** The Subresource Integrity hash of a file's bytes, as an `integrity` attribute takes it. */
export function sriHash(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/**
 * What a built remote says of itself: the container name it was built with and the chunks its
 * exposed modules load (its mf-manifest.json), and the @patchbay/contract release it was built
 * for (patchbay-widget.json, which the build writes).
 */
export async function builtRemote(builtDir: string): Promise<{ container: string; contract: string; exposedFiles: string[] }> {
  const manifest = JSON.parse(await readFile(join(builtDir, 'mf-manifest.json'), 'utf8')) as { name?: unknown; exposes?: { assets?: { js?: { sync?: unknown } } }[] };
  if (typeof manifest.name !== 'string') throw new Error(`${builtDir}/mf-manifest.json has no container name`);
  const exposedFiles = new Set((manifest.exposes ?? []).flatMap(({ assets }) => (Array.isArray(assets?.js?.sync) ? assets.js.sync.filter((file): file is string => typeof file === 'string') : [])));
  const declarationFile = join(builtDir, WIDGET_DECLARATION_FILE);
  let declaration: { contract?: unknown };
  try {
    declaration = JSON.parse(await readFile(declarationFile, 'utf8')) as { contract?: unknown };
  } catch (error) {
    throw new Error(`${declarationFile} is missing or unreadable: build the widget with rspack.config.ts (remoteConfig), which declares the contract release it is built for`, { cause: error });
  }
  if (typeof declaration.contract !== 'string') throw new Error(`${declarationFile} names no contract release`);
  return { container: manifest.name, contract: declaration.contract, exposedFiles: [...exposedFiles].sort() };
}

/**
 * The integrity to pin for a built remote: the hash of its remoteEntry.js, after checking that the
 * entry pins every chunk beside it (a remote built without chunk integrity would leave them free).
 */
async function entryIntegrity(builtDir: string): Promise<string> {
  const entry = await readFile(join(builtDir, 'remoteEntry.js'));
  const text = entry.toString('utf8');
  for (const file of await readdir(builtDir)) {
    if (!file.endsWith('.js') || file === 'remoteEntry.js') continue;
    if (!text.includes(sriHash(await readFile(join(builtDir, file))))) {
      throw new Error(`${join(builtDir, file)} is not pinned by its remoteEntry.js: build the remote with chunk integrity (SubresourceIntegrityPlugin, as rspack.config.ts does)`);
    }
  }
  return sriHash(entry);
}

/** Each of `files` at the URL it is published under, with its sha384 (which its remoteEntry.js pins as well). */
function preloaded(builtDir: string, base: string, files: readonly string[]): Promise<PreloadedChunk[]> {
  return Promise.all(files.map(async (file) => ({ url: `${base}/${file}`, integrity: sriHash(await readFile(join(builtDir, file))) })));
}

/**
 * Points widget `id` at `version` served from `origin` (which serves dist/remotes/<id>/), pinning
 * the built code. Written to a temporary file and renamed, so the shell never reads half a manifest.
 */
export async function publishWidget(file: string, { id, version, origin, builtDir }: { id: string; version: string; origin: string; builtDir: string }): Promise<DeployEntry> {
  const manifest = await readDeployFile(file);
  const { container, contract, exposedFiles } = await builtRemote(builtDir);
  const base = `${origin}/${encodeURIComponent(version)}`;
  const entry: DeployEntry = {
    container,
    version,
    entry: `${base}/remoteEntry.js`,
    integrity: await entryIntegrity(builtDir),
    contract,
    preload: await preloaded(builtDir, base, exposedFiles),
  };
  manifest.widgets[id] = entry;
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, file);
  return entry;
}
