import { parseShellConfig, type ShellConfig } from './shell-config.js';

/**
 * The standalone host: outside Salesforce the shell reads its config from JSON, named by the
 * `config` query parameter or `patchbay.json` beside the page.
 */
export async function loadStandaloneConfig(location: Location): Promise<ShellConfig> {
  const named = new URLSearchParams(location.search).get('config') ?? 'patchbay.json';
  const url = new URL(named, location.href);
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`could not read the softphone config at ${url.href}: HTTP ${response.status}`);
  return parseShellConfig(await response.json(), url.href);
}
