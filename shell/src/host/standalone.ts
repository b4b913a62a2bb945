import { parseAgentCredentials } from '@patchbay/opencti';
import { parseShellConfig } from '../config/shell-config.js';
import { credentialCache } from './credential-cache.js';
import type { ShellHost } from './host.js';

/**
 * The standalone host: outside Salesforce the shell reads its config from JSON, named by the
 * `config` query parameter or `patchbay.json` beside the page. Credentials come from the
 * config's `credentialsUrl`, answered in the same shape as the Salesforce Apex class.
 */
export async function connectStandaloneHost(location: Location): Promise<ShellHost> {
  const named = new URLSearchParams(location.search).get('config') ?? 'patchbay.json';
  const url = new URL(named, location.href);
  const raw = await fetchJson(url, 'the softphone config');
  const config = parseShellConfig(raw, url.href);
  const credentialsUrl = (raw as { credentialsUrl?: unknown }).credentialsUrl;
  const cache = typeof credentialsUrl === 'string' ? credentialCache(async () => parseAgentCredentials(await fetchJson(new URL(credentialsUrl, url), 'the agent credentials'))) : null;
  return {
    config,
    credentials: cache ?? (async () => null),
    renewal: cache,
    dialString: (dialled) => dialled,
    dialingPlan: null,
    // Outside Salesforce the call history on the bus is the record of a call.
    attach: () => ({ fileCall: async () => null, phoneReady: () => undefined }),
  };
}

async function fetchJson(url: URL, what: string): Promise<unknown> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`could not read ${what} at ${url.href}: HTTP ${response.status}`);
  return response.json();
}
