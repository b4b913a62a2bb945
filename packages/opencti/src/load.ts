/**
 * Starts Open CTI inside the page Salesforce framed: reads the framing origin and `mode` from the
 * adapter URL, refuses an untrusted origin before any request is made, loads the API script the
 * mode calls for and wraps it in the OpenCti interface.
 */
import { createClassicOpenCti } from './classic.js';
import { AdapterUrlError, ScriptLoadError, type OpenCtiApi } from './errors.js';
import { createLightningOpenCti } from './lightning.js';
import { readFramingOrigin } from './adapter-url.js';
import { checkAllowedOrigin } from './origins.js';
import type { SforceGlobal } from './sforce.js';
import type { OpenCti, OpenCtiOptions } from './types.js';

export const DEFAULT_API_VERSION = '62.0';

export interface LoadOpenCtiOptions extends OpenCtiOptions {
  /** Origins trusted besides Salesforce's domains, exactly as the adapter URL carries them (the simulator's). */
  allowedOrigins?: readonly string[];
  /** Open CTI API version in the script path (38.0 or later for Lightning). */
  apiVersion?: string;
  /** Loads a classic script by URL; the default appends a <script> to document.head. */
  loadScript?: (url: string) => Promise<void>;
  /** Where the script puts `sforce`; the default is globalThis.sforce. */
  readSforce?: () => SforceGlobal | undefined;
}

export interface AdapterContext {
  /** The framing origin, under whichever spelling the experience used. */
  framingOrigin: string;
  api: OpenCtiApi;
  scriptUrl: string;
}

/** Reads and checks the adapter URL; throws AdapterUrlError or OriginNotAllowedError. */
export function readAdapterContext(location: { search: string }, options: LoadOpenCtiOptions = {}): AdapterContext {
  const origin = readFramingOrigin(location.search);
  if (origin === null) {
    throw new AdapterUrlError('The adapter URL has no sfdcIframeOrigin (Lightning) or sfdcIFrameOrigin (Classic): open the softphone from Salesforce (or the simulator)');
  }
  const api = apiForMode(new URLSearchParams(location.search).get('mode'));
  const framingOrigin = checkAllowedOrigin(origin, options.allowedOrigins);
  const version = options.apiVersion ?? DEFAULT_API_VERSION;
  const scriptUrl = api === 'Lightning' ? `${framingOrigin}/support/api/${version}/lightning/opencti_min.js` : `${framingOrigin}/support/api/${version}/interaction.js`;
  return { framingOrigin, api, scriptUrl };
}

export async function loadOpenCti(location: { search: string }, options: LoadOpenCtiOptions = {}): Promise<OpenCti> {
  const context = readAdapterContext(location, options);
  const loadScript = options.loadScript ?? appendScript;
  const readSforce = options.readSforce ?? (() => (globalThis as { sforce?: SforceGlobal }).sforce);
  await loadScript(context.scriptUrl);
  const sforce = readSforce();
  if (context.api === 'Lightning') {
    if (!sforce?.opencti) throw new ScriptLoadError(context.scriptUrl, 'it did not define sforce.opencti');
    return createLightningOpenCti(sforce.opencti, options);
  }
  if (!sforce?.interaction?.cti) throw new ScriptLoadError(context.scriptUrl, 'it did not define sforce.interaction.cti');
  return createClassicOpenCti(sforce.interaction, options);
}

/**
 * Lightning frames the adapter with mode=Lightning; Classic predates the parameter, so its absence
 * means Classic.
 */
function apiForMode(mode: string | null): OpenCtiApi {
  if (mode === null || mode === '' || mode === 'Classic') return 'Classic';
  if (mode === 'Lightning') return 'Lightning';
  throw new AdapterUrlError(`Unknown mode ${JSON.stringify(mode)} in the adapter URL (expected Lightning or Classic)`);
}

function appendScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new ScriptLoadError(url, 'the request failed'));
    document.head.append(script);
  });
}
