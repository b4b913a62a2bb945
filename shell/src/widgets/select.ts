import type { DeployManifest, WidgetDeployment } from './deploy-manifest.js';

export interface WidgetSelection {
  /** Enabled and deployed, in the order the call center lists them. */
  load: WidgetDeployment[];
  /** Enabled but absent from the manifest: shown as a fallback tile, never fetched. */
  missing: string[];
}

/**
 * Picks what to load: only widgets the call center enables, so a disabled widget's code is
 * never requested. Duplicates in the enabled list count once.
 */
export function selectWidgets(enabled: readonly string[], manifest: DeployManifest): WidgetSelection {
  const load: WidgetDeployment[] = [];
  const missing: string[] = [];
  for (const id of new Set(enabled)) {
    const deployment = manifest.widgets.get(id);
    if (deployment) load.push(deployment);
    else missing.push(id);
  }
  return { load, missing };
}
