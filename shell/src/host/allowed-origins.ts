import { checkAllowedOrigin, readFramingOrigin } from '@patchbay/opencti';

/** Where the shell's own deployment lists origins it may load Open CTI from besides Salesforce's. */
const DEPLOYMENT_FILE = 'deployment.json';

/**
 * Origins besides Salesforce's the deployment lets frame the shell (a proxy, the simulator). Read
 * only when the framing origin is not Salesforce's own: inside a real org the sign-in does not
 * wait for this file.
 */
export async function extraAllowedOrigins(location: Pick<Location, 'search' | 'href'>, fetchImpl: typeof fetch = fetch): Promise<string[]> {
  try {
    const origin = readFramingOrigin(location.search);
    if (origin !== null && checkAllowedOrigin(origin) === origin) return [];
  } catch {
    // Not Salesforce's (or malformed, which loading Open CTI reports): the file decides.
  }
  const response = await fetchImpl(new URL(DEPLOYMENT_FILE, location.href), { cache: 'no-store' });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`could not read ${DEPLOYMENT_FILE}: HTTP ${response.status}`);
  const origins = ((await response.json()) as { allowedSalesforceOrigins?: unknown }).allowedSalesforceOrigins;
  return Array.isArray(origins) ? origins.filter((origin): origin is string => typeof origin === 'string') : [];
}
