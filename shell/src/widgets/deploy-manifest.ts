/**
 * The deploy manifest says where each widget's current version lives. Widget teams publish into it;
 * the shell reads it at run time, so a new widget version needs no shell rebuild.
 *
 * ```json
 * { "schemaVersion": 1,
 *   "widgets": { "dialpad": { "container": "patchbay_dialpad", "version": "1.2.0",
 *                             "entry": "https://widgets.example.com/dialpad/1.2.0/remoteEntry.js" } } }
 * ```
 */
export const DEPLOY_MANIFEST_SCHEMA = 1;

export interface WidgetDeployment {
  id: string;
  /** Module Federation container name the remote was built with. */
  container: string;
  version: string;
  /** Absolute URL of the remote's container script (remoteEntry.js). */
  entry: string;
}

export interface DeployManifest {
  schemaVersion: typeof DEPLOY_MANIFEST_SCHEMA;
  widgets: ReadonlyMap<string, WidgetDeployment>;
}

export class DeployManifestError extends Error {
  override name = 'DeployManifestError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid widget deploy manifest: ${problems.join('; ')}`);
  }
}

const WIDGET_ID = /^[a-z][a-z0-9-]{0,39}$/;
const CONTAINER = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

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

/** Validates the whole manifest and reports every problem at once, so a deploy fix takes one round. */
export function parseDeployManifest(raw: unknown): DeployManifest {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new DeployManifestError(['the manifest must be a JSON object']);
  if (raw['schemaVersion'] !== DEPLOY_MANIFEST_SCHEMA) {
    problems.push(`schemaVersion must be ${DEPLOY_MANIFEST_SCHEMA} (got ${JSON.stringify(raw['schemaVersion'])})`);
  }
  const widgets = new Map<string, WidgetDeployment>();
  const listed = raw['widgets'];
  if (!isRecord(listed)) {
    problems.push('widgets must be an object keyed by widget id');
  } else {
    for (const [id, value] of Object.entries(listed)) {
      const at = `widgets.${id}`;
      if (!WIDGET_ID.test(id)) problems.push(`${at}: widget id must be lower-case letters, digits and dashes`);
      if (!isRecord(value)) {
        problems.push(`${at} must be an object`);
        continue;
      }
      const { container, version, entry } = value;
      const before = problems.length;
      if (typeof container !== 'string' || !CONTAINER.test(container)) problems.push(`${at}.container must be a JavaScript identifier`);
      if (typeof version !== 'string' || !VERSION.test(version)) problems.push(`${at}.version must be a semantic version`);
      const badEntry = entryProblem(entry);
      if (badEntry) problems.push(`${at}.${badEntry}`);
      if (problems.length === before) {
        widgets.set(id, { id, container: container as string, version: version as string, entry: entry as string });
      }
    }
  }
  if (problems.length > 0) throw new DeployManifestError(problems);
  return { schemaVersion: DEPLOY_MANIFEST_SCHEMA, widgets };
}
