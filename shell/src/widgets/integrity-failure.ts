import type { WidgetDeployment } from './deploy-manifest.js';

async function sriHash(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

/** What `url` serves now, or null when it serves nothing (a network error, an HTTP error). */
async function served(url: string): Promise<ArrayBuffer | null> {
  try {
    const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
    return response.ok ? await response.arrayBuffer() : null;
  } catch {
    return null;
  }
}

/** The chunk URL of the bundler's ChunkLoadError (it carries `request`), wherever it sits in the cause chain. */
function failedChunk(error: unknown): string | null {
  for (let current = error; current instanceof Error; current = current.cause) {
    const request = (current as Error & { request?: unknown }).request;
    if (current.name === 'ChunkLoadError' && typeof request === 'string') return request;
  }
  return null;
}

/**
 * Tells whether a widget failed to load because the browser refused its code for its integrity,
 * and returns what to tell the agent and the operator, or null when integrity was not the reason.
 * Browsers report such a refusal as a plain script error, so this looks at what the servers serve:
 * an entry whose hash is not the pinned one, or a chunk the entry failed to load although it is
 * served (the entry pins each chunk's hash).
 */
export async function integrityFailure(deployment: WidgetDeployment, cause: unknown): Promise<string | null> {
  const { id, entry, integrity } = deployment;
  const entryBytes = await served(entry);
  if (entryBytes === null) return null;
  const hash = await sriHash(entryBytes);
  if (hash !== integrity) return `refused ${entry}: it does not match the integrity the deploy manifest pins for ${id} (pinned ${integrity}, served ${hash})`;
  const chunk = failedChunk(cause);
  if (chunk !== null && (await served(chunk)) !== null) return `refused ${chunk}: it does not match the hash that ${id}'s entry ${entry} pins for it`;
  return null;
}
