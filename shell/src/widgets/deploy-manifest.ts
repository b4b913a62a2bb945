import { isContractSemver } from '@patchbay/contract';
/**
 * The deploy manifest says where each widget's current version lives. Widget teams publish into it;
 * the shell reads it at run time, so a new widget version needs no shell rebuild.
 *
 * ```json
 * { "schemaVersion": 2,
 *   "widgets": { "dialpad": { "container": "patchbay_dialpad", "version": "1.2.0",
 *                             "entry": "https://widgets.example.com/dialpad/1.2.0/remoteEntry.js",
 *                             "integrity": "sha384-<base64 of the SHA-384 digest of remoteEntry.js>",
 *                             "contract": "1.0.0",
 *                             "preload": [{ "url": "https://widgets.example.com/dialpad/1.2.0/__federation_expose_widget.1a2b3c4d.js",
 *                                           "integrity": "sha384-<base64>" }] } } }
 * ```
 *
 * Schema 2 added `integrity`, required: the shell runs only the code that was published. Each
 * entry also says which @patchbay/contract release the widget was built for (`contract`); the
 * publish step records both from the build. `preload`, optional, lists the chunks the exposed
 * widget loads, so the shell can ask for them early; a list the shell cannot use costs only that.
 */
export const DEPLOY_MANIFEST_SCHEMA = 2;

export interface WidgetDeployment {
  id: string;
  /** Module Federation container name the remote was built with. */
  container: string;
  version: string;
  /** Absolute URL of the remote's container script (remoteEntry.js). */
  entry: string;
  /**
   * Subresource Integrity hash of remoteEntry.js as published (`sha384-<base64>`). The entry in
   * turn pins each of its chunks, so this pins the widget's whole code.
   */
  integrity: string;
  /** The @patchbay/contract release (semver) the widget was built for. */
  contract: string;
  /** Chunks the exposed widget loads, from the entry's origin, with the integrity the entry pins for each. */
  preload: readonly PreloadedChunk[];
}

export interface PreloadedChunk {
  url: string;
  integrity: string;
}

export interface DeployManifest {
  schemaVersion: typeof DEPLOY_MANIFEST_SCHEMA;
  widgets: ReadonlyMap<string, WidgetDeployment>;
  /**
   * Entries the shell cannot use, by the key they were listed under, with every problem of each.
   * One bad entry costs only its own widget: the others still load.
   */
  refused: ReadonlyMap<string, readonly string[]>;
  /** What was set aside without refusing an entry (a preload list the shell cannot use), each said once. */
  warnings: readonly string[];
}

export class DeployManifestError extends Error {
  override name = 'DeployManifestError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid widget deploy manifest: ${problems.join('; ')}`);
  }
}

const WIDGET_ID = /^[a-z][a-z0-9-]{0,39}$/;

/** What a widget id may be, in the manifest and in the call center settings. */
export const WIDGET_ID_RULE = 'a widget id is 1-40 lower-case letters, digits and dashes, starting with a letter';

export function isWidgetId(value: string): boolean {
  return WIDGET_ID.test(value);
}
const CONTAINER = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
// Exactly one well-formed hash: a browser ignores integrity metadata it cannot parse and then
// runs whatever it fetched, so a loose check here would fail open.
const INTEGRITY = /^sha384-[A-Za-z0-9+/]{64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryProblem(entry: unknown): string | null {
  if (typeof entry !== 'string') return 'entry must be a URL string';
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `entry "${entry}" is not an absolute URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `entry "${entry}" must be http(s)`;
  if (!url.pathname.endsWith('.js')) return `entry "${entry}" must be the remote's .js container entry (remoteEntry.js)`;
  return null;
}

function integrityProblem(integrity: unknown): string | null {
  if (integrity === undefined) return 'integrity is missing: publishing a widget pins the sha384 hash of its remoteEntry.js, and an unpinned widget is not loaded';
  if (typeof integrity !== 'string' || !INTEGRITY.test(integrity)) {
    return `integrity ${JSON.stringify(integrity)} must be "sha384-" followed by the base64 SHA-384 digest of remoteEntry.js (64 characters)`;
  }
  return null;
}

/** At most this many chunks are preloaded per widget: a publish step lists the one or two the widget takes. */
const PRELOAD_MAX = 8;

/**
 * The chunks to preload, or why the list is set aside. Only from the entry's own origin: the entry
 * loads its chunks from beside itself, and the page's policy allows scripts from there alone.
 */
function preloadOf(raw: unknown, entry: string): { chunks: PreloadedChunk[]; problem: string | null } {
  if (raw === undefined) return { chunks: [], problem: null };
  if (!Array.isArray(raw)) return { chunks: [], problem: 'preload must be a list of { url, integrity }' };
  if (raw.length > PRELOAD_MAX) return { chunks: [], problem: `preload lists ${raw.length} chunks; at most ${PRELOAD_MAX}` };
  const origin = new URL(entry).origin;
  const chunks: PreloadedChunk[] = [];
  for (const item of raw) {
    const { url, integrity } = isRecord(item) ? item : {};
    if (typeof url !== 'string' || entryProblem(url) !== null || new URL(url).origin !== origin) {
      return { chunks: [], problem: `preload ${JSON.stringify(url)} must be a .js URL on the entry's origin ${origin}` };
    }
    if (typeof integrity !== 'string' || !INTEGRITY.test(integrity)) return { chunks: [], problem: `preload ${url} needs its integrity as "sha384-" and 64 base64 characters` };
    chunks.push({ url, integrity });
  }
  return { chunks, problem: null };
}

function schemaProblem(version: unknown): string | null {
  if (version === DEPLOY_MANIFEST_SCHEMA) return null;
  if (version === 1) return 'schemaVersion 1 is no longer read: it pins no integrity; publish each widget again to write schemaVersion 2';
  return `schemaVersion must be ${DEPLOY_MANIFEST_SCHEMA} (got ${JSON.stringify(version)})`;
}

/** Every problem of one entry; none means the shell can load it. */
function deploymentProblems(id: string, value: unknown): string[] {
  if (!isWidgetId(id)) return [WIDGET_ID_RULE];
  if (!isRecord(value)) return ['must be an object'];
  const { container, version, entry, integrity, contract } = value;
  const problems: string[] = [];
  if (typeof container !== 'string' || !CONTAINER.test(container)) problems.push('container must be a JavaScript identifier');
  if (typeof version !== 'string' || !VERSION.test(version)) problems.push('version must be a semantic version');
  const badEntry = entryProblem(entry);
  if (badEntry) problems.push(badEntry);
  const badIntegrity = integrityProblem(integrity);
  if (badIntegrity) problems.push(badIntegrity);
  if (contract === undefined) problems.push('contract is missing: publish the widget again; publishing records the contract release it was built for');
  else if (typeof contract !== 'string' || !isContractSemver(contract))
    problems.push(`contract ${JSON.stringify(contract)} must be the semantic version of the @patchbay/contract release the widget was built for`);
  return problems;
}

/**
 * Validates the manifest. What makes the whole file unreadable (not an object, a schema this shell
 * does not read) throws with every such problem at once; an entry with problems is refused alone,
 * listed in `refused` with all of its problems, so a deploy fix takes one round.
 */
export function parseDeployManifest(raw: unknown): DeployManifest {
  if (!isRecord(raw)) throw new DeployManifestError(['the manifest must be a JSON object']);
  const problems: string[] = [];
  const badSchema = schemaProblem(raw['schemaVersion']);
  if (badSchema) problems.push(badSchema);
  const listed = raw['widgets'];
  if (!isRecord(listed)) problems.push('widgets must be an object keyed by widget id');
  if (problems.length > 0 || !isRecord(listed)) throw new DeployManifestError(problems);
  const widgets = new Map<string, WidgetDeployment>();
  const refused = new Map<string, string[]>();
  const warnings: string[] = [];
  for (const [id, value] of Object.entries(listed)) {
    const entryProblems = deploymentProblems(id, value);
    if (entryProblems.length > 0) {
      refused.set(id, entryProblems);
      continue;
    }
    const { container, version, entry, integrity, contract } = value as Record<string, string>;
    const preload = preloadOf((value as Record<string, unknown>)['preload'], entry!);
    if (preload.problem) warnings.push(`${id}: its preload list is set aside (the widget loads without it): ${preload.problem}`);
    widgets.set(id, { id, container: container!, version: version!, entry: entry!, integrity: integrity!, contract: contract!, preload: preload.chunks });
  }
  return { schemaVersion: DEPLOY_MANIFEST_SCHEMA, widgets, refused, warnings };
}
