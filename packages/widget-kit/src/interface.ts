/**
 * The widget interface: what the shell loads from a remote, what it hands the element, and how the
 * element tells the shell it is broken. The README's widget-team section explains it in prose.
 */
import type { Bus } from '@patchbay/bus';

/**
 * What a remote exposes as `./widget`. The shell loads it when the call center lists the widget,
 * calls `define()` once per page (unless `tagName` is already defined), then creates one element.
 */
export interface WidgetModule {
  /** The custom element's tag: lower case with a dash (`pb-wrap-up-notes`). */
  readonly tagName: string;
  /** Registers the element with `customElements.define`; a throw gives the widget a fallback tile. */
  define(): void;
}

/**
 * What the shell sets on the element, as properties. `displayName` is set before the element is
 * attached; `bus` once the bus is open, which may be after (render a "connecting" state until then).
 * The bus is a view of the page's bus with the `Bus` interface and nothing behind it; it is closed
 * when the shell takes the widget out (a fault, a retry), and every subscription made through it ends.
 */
export interface WidgetInputs {
  bus?: Bus;
  /** How teammates see the agent. */
  displayName?: string;
}

/**
 * The file a widget's build writes beside its remoteEntry.js: `{ id, contract }`, the
 * @patchbay/contract release it was built against. Publishing copies `contract` into the deploy
 * manifest, so the shell can refuse a widget it cannot serve before fetching any of its code.
 */
export const WIDGET_DECLARATION_FILE = 'patchbay-widget.json';

/** The event an element dispatches (bubbling, composed) when its own code failed. */
export const WIDGET_FAULT_EVENT = 'pb-widget-fault';

export interface WidgetFault {
  /** `threw`: an exception escaped; `hung`: the code held the page's one thread longer than HANG_MS. */
  kind: 'threw' | 'hung';
  /** Where: `render`, a lifecycle method, `bus handler on <subject>`... */
  during: string;
  message: string;
}

/**
 * The longest a widget's code may hold the page's thread in one go (a render, a bus handler). The
 * page is the agent's phone as well: a widget that holds it longer froze the call controls, and
 * the shell takes it out before it can do so again.
 */
export const HANG_MS = 1000;

export function faultEvent(fault: WidgetFault): CustomEvent<WidgetFault> {
  return new CustomEvent(WIDGET_FAULT_EVENT, { bubbles: true, composed: true, detail: fault });
}
