import { log } from '../log.js';
import type { DeployManifest, WidgetDeployment } from './deploy-manifest.js';
import { WidgetLoadError, loadWidget } from './load-widget.js';
import { selectWidgets } from './select.js';

export interface ComposeOptions {
  enabled: readonly string[];
  manifest: DeployManifest;
  /** The element the widget slots go into. */
  container: HTMLElement;
  timeoutMs: number;
  /** Called with each mounted widget element so the shell can hand it the bus and the agent. */
  onMounted(element: HTMLElement, id: string): void;
  /** Called after every attempt, retries included (the shell publishes it as widget health). */
  onOutcome(outcome: WidgetOutcome): void;
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

function showFallback(slot: HTMLElement, id: string, error: WidgetLoadError, retry: (() => void) | null): void {
  const tile = document.createElement('div');
  tile.className = 'fallback-tile';
  tile.setAttribute('role', 'alert');
  const title = document.createElement('strong');
  title.textContent = `The ${id} widget is unavailable`;
  const reason = document.createElement('p');
  reason.textContent = `${error.code}: ${error.message}`;
  tile.append(title, reason);
  if (retry) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Retry';
    button.addEventListener('click', retry, { once: true });
    tile.append(button);
  }
  slot.replaceChildren(tile);
  slot.dataset['state'] = 'failed';
}

async function mount(slot: HTMLElement, deployment: WidgetDeployment, options: ComposeOptions, force: boolean): Promise<WidgetOutcome> {
  const outcome = await attempt(slot, deployment, options, force);
  options.onOutcome(outcome);
  return outcome;
}

async function attempt(slot: HTMLElement, deployment: WidgetDeployment, options: ComposeOptions, force: boolean): Promise<WidgetOutcome> {
  const { id, version } = deployment;
  slot.dataset['state'] = 'loading';
  try {
    const widget = await loadWidget(deployment, { timeoutMs: options.timeoutMs, force });
    const element = document.createElement(widget.tagName);
    options.onMounted(element, deployment.id);
    slot.replaceChildren(element);
    slot.dataset['state'] = 'ready';
    slot.dataset['version'] = deployment.version;
    log('info', 'WIDGET-READY', `${deployment.id}@${deployment.version} mounted as <${widget.tagName}>`);
    return { id, version, ok: true };
  } catch (error) {
    const failure =
      error instanceof WidgetLoadError ? error : new WidgetLoadError('WIDGET-LOAD', deployment.id, String(error), { cause: error });
    log('error', failure.code, `${deployment.id}: ${failure.message}`);
    showFallback(slot, deployment.id, failure, () => void mount(slot, deployment, options, true));
    return { id, version, ok: false, detail: `${failure.code}: ${failure.message}` };
  }
}

/**
 * Mounts every enabled widget in parallel; one that fails gets a fallback tile with a retry
 * button and the others go on. Resolves once each widget has either mounted or failed.
 */
export async function composeWidgets(options: ComposeOptions): Promise<WidgetOutcome[]> {
  const { load, missing } = selectWidgets(options.enabled, options.manifest);
  const missingIds = new Set(missing);
  const outcomes: Promise<WidgetOutcome>[] = [];
  // Slots keep the call center's order whatever loads first.
  for (const id of new Set(options.enabled)) {
    const slot = slotFor(options.container, id);
    const deployment = load.find((candidate) => candidate.id === id);
    if (deployment) {
      outcomes.push(mount(slot, deployment, options, false));
    } else if (missingIds.has(id)) {
      const error = new WidgetLoadError('WIDGET-MISSING', id, 'enabled for this call center but absent from the deploy manifest');
      log('error', error.code, `${id}: ${error.message}`);
      showFallback(slot, id, error, null);
      const outcome: WidgetOutcome = { id, version: null, ok: false, detail: `${error.code}: ${error.message}` };
      options.onOutcome(outcome);
      outcomes.push(Promise.resolve(outcome));
    }
  }
  return Promise.all(outcomes);
}
