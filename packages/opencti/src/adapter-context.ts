/**
 * What the adapter URL Salesforce framed the page with says: the framing origin (checked, before
 * any request is made) and the Open CTI API the mode calls for, with its script's URL. Apart from
 * loading, so the page's first script can ask for that script before the rest has loaded.
 */
import { AdapterUrlError, type OpenCtiApi } from './errors.js';
import { readFramingOrigin } from './adapter-url.js';
import { checkAllowedOrigin } from './origins.js';

export const DEFAULT_API_VERSION = '62.0';

export interface AdapterContext {
  /** The framing origin, under whichever spelling the experience used. */
  framingOrigin: string;
  api: OpenCtiApi;
  scriptUrl: string;
}

/** Reads and checks the adapter URL; throws AdapterUrlError or OriginNotAllowedError. */
export function readAdapterContext(location: { search: string }, options: { allowedOrigins?: readonly string[]; apiVersion?: string } = {}): AdapterContext {
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

/**
 * Lightning frames the adapter with mode=Lightning; Classic predates the parameter, so its absence
 * means Classic.
 */
function apiForMode(mode: string | null): OpenCtiApi {
  if (mode === null || mode === '' || mode === 'Classic') return 'Classic';
  if (mode === 'Lightning') return 'Lightning';
  throw new AdapterUrlError(`Unknown mode ${JSON.stringify(mode)} in the adapter URL (expected Lightning or Classic)`);
}
