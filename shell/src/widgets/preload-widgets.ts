import { preloadScript } from '../preload-script.js';
import type { DeployManifest } from './deploy-manifest.js';
import { selectWidgets } from './select.js';

/**
 * Asks the browser for the code of each widget the call center lists (its remoteEntry.js, then the
 * chunks its deploy manifest entry names) as soon as the manifest is read, while the agent signs
 * in. Nothing runs: the federation runtime's scripts later take the bytes fetched here, since they
 * ask for the same URLs the same way (a CORS load with the same integrity). Without this, the entry
 * and then its chunk are fetched one after the other once the shell composes, each a round trip
 * to the widget's own origin.
 *
 * The chunks are asked for only once the entry has arrived. Chromium hands a script the preload of
 * its URL even when that preload failed, for as long as the page lives; a chunk preload that failed
 * with its entry would never be taken by the first attempt (whose entry failed) and would fail the
 * retry. Once the entry is there, the first attempt asks for the chunks and so takes their preloads.
 */
export function preloadWidgets(enabled: readonly string[], manifest: DeployManifest): void {
  for (const plan of selectWidgets(enabled, manifest).plans) {
    if (!plan.deployment) continue;
    const { entry, integrity, preload: chunks } = plan.deployment;
    const entryLink = preloadScript(entry, integrity);
    if (chunks.length === 0) continue;
    entryLink.addEventListener(
      'load',
      () => {
        for (const chunk of chunks) preloadScript(chunk.url, chunk.integrity);
      },
      { once: true },
    );
  }
}
