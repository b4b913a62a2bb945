import { registerPlugins, type ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';

/** The integrity the deploy manifest pins for each remote entry URL the shell is about to load. */
const pins = new Map<string, string>();

/**
 * The federation runtime creates the <script> of every remote entry through this hook. It loads
 * the entry with its pinned hash, so the browser runs it only if its bytes are the published ones
 * (a CORS load: the widget servers answer with Access-Control-Allow-Origin). An entry with no pin
 * is not loaded at all.
 */
const pinnedEntries: ModuleFederationRuntimePlugin = {
  name: 'patchbay-pinned-entries',
  createScript({ url, attrs }) {
    const integrity = pins.get(url);
    if (!integrity) throw new Error(`no integrity is pinned for ${url}`);
    const script = document.createElement('script');
    for (const [name, value] of Object.entries(attrs ?? {})) if (typeof value === 'string') script.setAttribute(name, value);
    script.src = url;
    script.integrity = integrity;
    script.crossOrigin = 'anonymous';
    return script;
  },
};

/** Pins `entry` to `integrity` for the loads that follow (a later pin of the same URL replaces it). */
export function pinEntry(entry: string, integrity: string): void {
  registerPlugins([pinnedEntries]);
  pins.set(entry, integrity);
}
