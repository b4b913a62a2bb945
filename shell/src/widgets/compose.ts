import { WIDGET_FAULT_EVENT, type WidgetFault } from '@patchbay/widget-kit';
import { describeError, log } from '../log.js';
import type { DeployManifest, WidgetDeployment } from './deploy-manifest.js';
import { loadWidget } from './load-widget.js';
import { WidgetFailure } from './widget-failure.js';
import { planWidget, selectWidgets, type WidgetPlan } from './select.js';

export interface ComposeOptions {
  enabled: readonly string[];
  manifest: DeployManifest;
  /** Reads the deploy manifest again: a retry loads what is deployed now (a new version, a new pin). */
  readManifest(): Promise<DeployManifest>;
  /** The element the widget slots go into. */
  container: HTMLElement;
  timeoutMs: number;
  /**
   * Called with each mounted widget element so the shell can hand it the bus and the agent.
   * `onFault` is for failures of the widget's own code the shell sees (its bus handlers); the
   * answer takes back what was handed (closes the widget's bus) when the widget is taken out.
   */
  onMounted(element: HTMLElement, id: string, onFault: (fault: WidgetFault) => void): () => void;
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

function showFallback(slot: HTMLElement, id: string, error: WidgetFailure, retry: () => void): void {
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

function fail(slot: HTMLElement, id: string, version: string | null, error: WidgetFailure, options: ComposeOptions): WidgetOutcome {
  log('error', error.code, `${id}: ${error.message}`);
  showFallback(slot, id, error, () => void retry(slot, id, options));
  return report(options, { id, version, ok: false, detail: `${error.code}: ${error.message}` });
}

/** What a fault event carries, checked: the element is the widget's code and may send anything. */
function faultOf(event: Event): WidgetFault {
  const detail: unknown = (event as CustomEvent<unknown>).detail;
  const { kind, during, message } = (typeof detail === 'object' && detail !== null ? detail : {}) as Partial<Record<keyof WidgetFault, unknown>>;
  return {
    kind: kind === 'hung' ? 'hung' : 'threw',
    during: typeof during === 'string' ? during.slice(0, 120) : 'code',
    message: typeof message === 'string' ? message.slice(0, 400) : 'no detail given',
  };
}

/**
 * Takes a mounted widget out at its first fault (reported by its element, or seen by the shell in
 * its bus handlers): its bus is closed, its element removed, and the fallback tile with retry
 * shown in its place. The other widgets and the phone are not touched.
 */
function watchFaults(slot: HTMLElement, element: HTMLElement, { id, version }: WidgetDeployment, options: ComposeOptions): void {
  let mounted = true;
  const onFault = (fault: WidgetFault): void => {
    if (!mounted) return;
    mounted = false;
    // After the widget's own call (its render, its handler) has unwound.
    queueMicrotask(() => {
      takeBack();
      const failure =
        fault.kind === 'hung'
          ? new WidgetFailure('WIDGET-HUNG', id, `stopped answering: its ${fault.during} ${fault.message}`)
          : new WidgetFailure('WIDGET-FAULT', id, `its ${fault.during} threw: ${fault.message}`);
      fail(slot, id, version, failure, options);
    });
  };
  element.addEventListener(WIDGET_FAULT_EVENT, (event) => onFault(faultOf(event)));
  const takeBack = options.onMounted(element, id, onFault);
}

async function mount(slot: HTMLElement, deployment: WidgetDeployment, options: ComposeOptions, force: boolean): Promise<WidgetOutcome> {
  const { id, version } = deployment;
  slot.dataset['state'] = 'loading';
  try {
    const widget = await loadWidget(deployment, { timeoutMs: options.timeoutMs, force });
    const element = document.createElement(widget.tagName);
    watchFaults(slot, element, deployment, options);
    slot.replaceChildren(element);
    slot.dataset['state'] = 'ready';
    slot.dataset['version'] = version;
    log('info', 'WIDGET-READY', `${id}@${version} mounted as <${widget.tagName}>`);
    return report(options, { id, version, ok: true });
  } catch (error) {
    const failure = error instanceof WidgetFailure ? error : new WidgetFailure('WIDGET-LOAD', id, String(error), { cause: error });
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
    const failure = new WidgetFailure('WIDGET-MANIFEST', id, `could not read the deploy manifest again: ${describeError(error)}`, { cause: error });
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
