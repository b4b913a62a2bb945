import type { Bus, Unsubscribe } from './bus.js';

/**
 * What a widget holds on to for the bus it was handed: attaching again to the same bus is a no-op,
 * a different bus (or none) detaches the old one first. Widgets call `bind` whenever the bus may
 * have arrived (on attach, before first render, on change), since a host may hand it over at any
 * of those moments.
 */
export class BusBinding {
  private bound: Bus | undefined;
  private cleanups: Unsubscribe[] = [];

  /** `attach` returns what undoes it; a promise of an unsubscribe (a watch) is undone when it lands. */
  bind(bus: Bus | undefined, attach: (bus: Bus) => Array<Unsubscribe | Promise<Unsubscribe>>): void {
    if (bus === this.bound) return;
    this.unbind();
    if (!bus) return;
    this.bound = bus;
    for (const cleanup of attach(bus)) {
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

  unbind(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.bound = undefined;
  }
}
