/**
 * Which origins may serve the Open CTI script. Salesforce frames the adapter with its origin
 * (`sfdcIframeOrigin`, or `sfdcIFrameOrigin` in Classic); anyone can put any value there, so only
 * Salesforce's own domains (over https) and origins the deployment names explicitly (the local
 * simulator) are trusted.
 */
import { OriginNotAllowedError } from './errors.js';

/**
 * Salesforce's domains for orgs, Lightning, Visualforce and Setup: `*.my.salesforce.com`,
 * `*.lightning.force.com`, `*.vf.force.com`, `*.visualforce.com`, `*.salesforce-setup.com`, and the
 * sandbox and legacy instance hosts beneath the same parents.
 */
export const SALESFORCE_DOMAIN_SUFFIXES: readonly string[] = ['.salesforce.com', '.force.com', '.visualforce.com', '.salesforce-setup.com'];

/** Returns the origin when it is Salesforce's or listed in `extraOrigins`; throws OriginNotAllowedError otherwise. */
export function checkAllowedOrigin(candidate: string, extraOrigins: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new OriginNotAllowedError(candidate);
  }
  // An origin only: no path, query, credentials or trailing slash can ride along.
  if (url.origin !== candidate) throw new OriginNotAllowedError(candidate);
  if (extraOrigins.includes(candidate)) return candidate;
  const host = url.hostname.toLowerCase();
  const isSalesforce = SALESFORCE_DOMAIN_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
  if (url.protocol !== 'https:' || !isSalesforce) throw new OriginNotAllowedError(candidate);
  return candidate;
}
