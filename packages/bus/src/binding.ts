import { subjects, type CallSnapshot } from '@patchbay/contract';
import type { Bus, Unsubscribe } from './bus.js';
import { BUS_DEFAULTS } from './options.js';

/**
 * What a widget holds on to for the bus it was handed: attaching again to the same bus is a no-op,
 * a different bus (or none) detaches the old one first. Widgets call `bind` whenever the bus may
 * have arrived (on attach, before first render, on change), since a host may hand it over at any
 * of those moments.
 */
export class BusBinding {
  private bound: Bus | undefined;
  private cleanups: Unsubscribe[] = [];

  /**
   * `attach` returns what undoes it; a promise of an unsubscribe (a watch) is undone when it lands.
   * Work it starts that answers later should check `isBound(bus)` before applying the answer.
   */
  bind(bus: Bus | undefined, attach: (bus: Bus) => Array<Unsubscribe | Promise<Unsubscribe>>): void {
    if (bus === this.bound) return;
    this.unbind();
    if (!bus) return;
    // Bound only once attached: if attaching throws (a closed bus), the next bind tries again.
    const cleanups = attach(bus);
    this.bound = bus;
    for (const cleanup of cleanups) {
      if (typeof cleanup === 'function') {
        this.cleanups.push(cleanup);
      } else {
        cleanup.then(
          (unsubscribe) => (this.bound === bus ? this.cleanups.push(unsubscribe) : unsubscribe()),
          () => undefined,
        );
      }
    }
  }

  isBound(bus: Bus): boolean {
    return this.bound === bus;
  }

  unbind(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.bound = undefined;
  }
}

/**
 * The agent's call as the phone sees it, for a widget: the phone's latest snapshot first (a widget
 * that loads mid-call would otherwise show nothing until the next change), then every change. The
 * catch-up is shown only while `binding` still holds `bus`; no answer (no phone yet) shows nothing.
 */
export function followCallState(bus: Bus, binding: BusBinding, show: (snapshot: CallSnapshot) => void): Unsubscribe {
  bus.request(subjects.callStateQuery(bus.agentId), {}, { timeoutMs: BUS_DEFAULTS.catchUpTimeoutMs }).then(
    (snapshot) => {
      if (binding.isBound(bus)) show(snapshot);
    },
    () => undefined,
  );
  return bus.subscribe(subjects.callState(bus.agentId), show);
}
