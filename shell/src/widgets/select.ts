import { contractMismatch } from '@patchbay/contract';
import { WIDGET_ID_RULE, isWidgetId, type DeployManifest, type WidgetDeployment } from './deploy-manifest.js';
import { WidgetFailure } from './widget-failure.js';

/** What the shell does with one widget the call center lists: load it, or show why it cannot. */
export type WidgetPlan = { id: string; deployment: WidgetDeployment } | { id: string; deployment: null; refusal: WidgetFailure };

export interface WidgetSelection {
  /** One per distinct widget id the call center lists, in its order; each gets a slot. */
  plans: WidgetPlan[];
  /** Listed items that name no widget (not an id, or an id listed again), each with why. */
  unusable: string[];
}

/** What to do with `id` given the manifest as it is now: a retry asks again after a new publish. */
export function planWidget(id: string, manifest: DeployManifest): WidgetPlan {
  const deployment = manifest.widgets.get(id);
  if (deployment) {
    // Checked before any of its code is fetched: a widget for another contract would misread the bus.
    const mismatch = contractMismatch(deployment.contract);
    return mismatch ? { id, deployment: null, refusal: new WidgetFailure('WIDGET-CONTRACT', id, `${id}@${deployment.version} ${mismatch}`) } : { id, deployment };
  }
  const problems = manifest.refused.get(id);
  const refusal = problems
    ? new WidgetFailure('WIDGET-ENTRY', id, `its deploy manifest entry is refused: ${problems.join('; ')}`)
    : new WidgetFailure('WIDGET-MISSING', id, 'enabled for this call center but absent from the deploy manifest');
  return { id, deployment: null, refusal };
}

/**
 * Picks what to load: only widgets the call center lists, so a widget it does not list never has
 * its code requested. The shell knows no widget by name: any id the manifest has can be listed.
 */
export function selectWidgets(enabled: readonly string[], manifest: DeployManifest): WidgetSelection {
  const plans: WidgetPlan[] = [];
  const unusable: string[] = [];
  const seen = new Set<string>();
  for (const id of enabled) {
    if (!isWidgetId(id)) unusable.push(`"${id}" is not a widget id (${WIDGET_ID_RULE})`);
    else if (seen.has(id)) unusable.push(`"${id}" is listed more than once; it is mounted once, where it is first listed`);
    else plans.push(planWidget(id, manifest));
    seen.add(id);
  }
  return { plans, unusable };
}
