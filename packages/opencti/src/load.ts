/**
 * Starts Open CTI inside the page Salesforce framed: reads the framing origin and `mode` from the
 * adapter URL, refuses an untrusted origin before any request is made, loads the API script the
 * mode calls for and wraps it in the OpenCti interface.
 */
import { readAdapterContext } from './adapter-context.js';
import { createClassicOpenCti } from './classic.js';
import { ScriptLoadError } from './errors.js';
import { createLightningOpenCti } from './lightning.js';
import type { SforceGlobal } from './sforce.js';
import type { OpenCti, OpenCtiOptions } from './types.js';

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
