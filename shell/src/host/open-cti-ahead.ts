import { readAdapterContext } from '@patchbay/opencti';
import { preloadScript } from '../preload-script.js';
import { extraAllowedOrigins } from './allowed-origins.js';

let trusted: Promise<string[]> | null = null;

/** The origins besides Salesforce's this deployment trusts to serve Open CTI, read once per page. */
export function trustedOpenCtiOrigins(location: Location): Promise<string[]> {
  trusted ??= extraAllowedOrigins(location);
  return trusted;
}

/**
 * Asks for the Open CTI script from the page's first script, once its origin is known to be
 * trusted (at once for Salesforce's own domains), so its fetch (over a new connection to
 * Salesforce's domain) overlaps the loading and running of the shell's own code. A preload: it runs
 * only when the Salesforce host appends the script. An origin that is not trusted gets no request;
 * what is wrong is reported by the Salesforce host, which reads the same answers.
 */
export function askForOpenCtiAhead(location: Location): void {
  trustedOpenCtiOrigins(location).then(
    (allowedOrigins) => {
      let scriptUrl: string;
      try {
        scriptUrl = readAdapterContext(location, { allowedOrigins }).scriptUrl;
      } catch {
        return; // an untrusted origin or a malformed adapter URL: the Salesforce host says which
      }
      preloadScript(scriptUrl);
    },
    () => undefined, // the deployment file could not be read: the Salesforce host says so
  );
}
