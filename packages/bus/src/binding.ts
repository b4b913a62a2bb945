import { subjects, type CallSnapshot } from '@patchbay/contract';
import type { Bus, Unsubscribe } from './bus.js';
import { Backoff } from './backoff.js';
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
 * catch-up is asked again until a snapshot arrives (the phone may be starting, or slow to answer on
 * a loaded machine), and after every reconnect (changes published while this bus was away never
 * reach it). A catch-up is shown only while `binding` still holds `bus`.
 */
export function followCallState(bus: Bus, binding: BusBinding, show: (snapshot: CallSnapshot) => void): Unsubscribe {
  const backoff = new Backoff(BUS_DEFAULTS.catchUpBackoff);
  let caughtUp = false;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const heard = (snapshot: CallSnapshot): void => {
    caughtUp = true;
    clearTimeout(retry);
    show(snapshot);
  };
  const ask = (): void => {
    clearTimeout(retry);
    bus.request(subjects.callStateQuery(bus.agentId), {}, { timeoutMs: BUS_DEFAULTS.catchUpTimeoutMs }).then(
      (snapshot) => {
        if (!stopped && binding.isBound(bus)) heard(snapshot);
      },
      () => {
        if (!stopped && !caughtUp) retry = setTimeout(ask, backoff.next());
      },
    );
  };
  const offStatus = bus.onStatus((status) => {
    if (status !== 'connected') return;
    caughtUp = false;
    backoff.reset();
    ask();
  });
  const offState = bus.subscribe(subjects.callState(bus.agentId), heard);
  ask();
  return () => {
    stopped = true;
    clearTimeout(retry);
    offStatus();
    offState();
  };
}
