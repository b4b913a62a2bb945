import { describeError, log } from '../log.js';
import type { DeployManifest, WidgetDeployment } from './deploy-manifest.js';
import { WidgetLoadError, loadWidget } from './load-widget.js';
import { planWidget, selectWidgets, type WidgetPlan } from './select.js';

export interface ComposeOptions {
  enabled: readonly string[];
  manifest: DeployManifest;
  /** Reads the deploy manifest again: a retry loads what is deployed now (a new version, a new pin). */
  readManifest(): Promise<DeployManifest>;
  /** The element the widget slots go into. */
  container: HTMLElement;
  timeoutMs: number;
  /** Called with each mounted widget element so the shell can hand it the bus and the agent. */
  onMounted(element: HTMLElement, id: string): void;
  /** Called after every attempt, retries included (the shell publishes it as widget health). */
  onOutcome(outcome: WidgetOutcome): void;
  /** Called with each item of the call center's list that names no widget, and why. */
  onUnusable(problem: string): void;
}

export interface WidgetOutcome {
  id: string;
  /** The deployed version, or null where the manifest has none. */
  version: string | null;
  ok: boolean;
  /** Why it failed, with the failure's code. */
  detail?: string;
}

function slotFor(container: HTMLElement, id: string): HTMLElement {
  const slot = document.createElement('section');
  // data-widget, not id: an element id equal to a container name shadows the container global.
  slot.dataset['widget'] = id;
  slot.className = 'widget-slot';
  container.append(slot);
  return slot;
}

function showFallback(slot: HTMLElement, id: string, error: WidgetLoadError, retry: () => void): void {
  const tile = document.createElement('div');
  tile.className = 'fallback-tile';
  tile.setAttribute('role', 'alert');
  const title = document.createElement('strong');
  title.textContent = `The ${id} widget is unavailable`;
  const reason = document.createElement('p');
  reason.textContent = `${error.code}: ${error.message}`;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Retry';
  button.addEventListener('click', retry, { once: true });
  tile.append(title, reason, button);
  slot.replaceChildren(tile);
  slot.dataset['state'] = 'failed';
}

function report(options: ComposeOptions, outcome: WidgetOutcome): WidgetOutcome {
  options.onOutcome(outcome);
  return outcome;
}

function fail(slot: HTMLElement, id: string, version: string | null, error: WidgetLoadError, options: ComposeOptions): WidgetOutcome {
  log('error', error.code, `${id}: ${error.message}`);
  showFallback(slot, id, error, () => void retry(slot, id, options));
  return report(options, { id, version, ok: false, detail: `${error.code}: ${error.message}` });
}

async function mount(slot: HTMLElement, deployment: WidgetDeployment, options: ComposeOptions, force: boolean): Promise<WidgetOutcome> {
  const { id, version } = deployment;
  slot.dataset['state'] = 'loading';
  try {
    const widget = await loadWidget(deployment, { timeoutMs: options.timeoutMs, force });
    const element = document.createElement(widget.tagName);
    options.onMounted(element, id);
    slot.replaceChildren(element);
    slot.dataset['state'] = 'ready';
    slot.dataset['version'] = version;
    log('info', 'WIDGET-READY', `${id}@${version} mounted as <${widget.tagName}>`);
    return report(options, { id, version, ok: true });
  } catch (error) {
    const failure = error instanceof WidgetLoadError ? error : new WidgetLoadError('WIDGET-LOAD', id, String(error), { cause: error });
    return fail(slot, id, version, failure, options);
  }
}

/**
 * Loads the widget as the deploy manifest has it now, not as it was when the page loaded: after
 * a fix is published (a new version, a new integrity pin) a retry picks it up without a reload.
 */
async function retry(slot: HTMLElement, id: string, options: ComposeOptions): Promise<WidgetOutcome> {
  slot.dataset['state'] = 'loading';
  let manifest: DeployManifest;
  try {
    manifest = await options.readManifest();
  } catch (error) {
    const failure = new WidgetLoadError('WIDGET-MANIFEST', id, `could not read the deploy manifest again: ${describeError(error)}`, { cause: error });
    return fail(slot, id, null, failure, options);
  }
  return follow(slot, planWidget(id, manifest), options, true);
}

function follow(slot: HTMLElement, plan: WidgetPlan, options: ComposeOptions, force: boolean): Promise<WidgetOutcome> {
  return plan.deployment ? mount(slot, plan.deployment, options, force) : Promise.resolve(fail(slot, plan.id, null, plan.refusal, options));
}

/**
 * Mounts every widget the call center lists, in parallel; one that fails (or is not deployed, or
 * whose manifest entry is refused) gets a fallback tile with a retry button and the others go on.
 * Resolves once each widget has either mounted or failed.
 */
export async function composeWidgets(options: ComposeOptions): Promise<WidgetOutcome[]> {
  const { plans, unusable } = selectWidgets(options.enabled, options.manifest);
  for (const problem of unusable) options.onUnusable(problem);
  // An entry this call center does not list is not the agent's concern, but an operator's.
  for (const [id, problems] of options.manifest.refused) {
    if (!plans.some((plan) => plan.id === id)) log('warn', 'WIDGET-ENTRY', `${id}: deploy manifest entry refused: ${problems.join('; ')}`);
  }
  // Slots keep the call center's order whatever loads first.
  return Promise.all(plans.map((plan) => follow(slotFor(options.container, plan.id), plan, options, false)));
}
