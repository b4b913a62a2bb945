import { faultEvent } from './interface.js';
import { watchedRun } from './watched-run.js';

/** Stencil catches what these throw and only logs it, so the shell would never learn of it. */
const REPORTED = ['render', 'componentWillLoad', 'componentDidLoad', 'componentWillRender', 'componentDidRender', 'componentWillUpdate', 'componentDidUpdate'] as const;

/**
 * Makes an element class tell the shell when its render or lifecycle code throws or holds the
 * page's thread longer than HANG_MS: it dispatches WIDGET_FAULT_EVENT from the element, then
 * lets the error go on as before. Call it on the element's class before defining it.
 */
export function reportFaults(element: CustomElementConstructor): void {
  const prototype = element.prototype as Record<string, unknown>;
  for (const name of REPORTED) {
    const original = prototype[name];
    if (typeof original !== 'function') continue;
    prototype[name] = function (this: HTMLElement, ...args: unknown[]): unknown {
      return watchedRun(
        name,
        () => (original as (...a: unknown[]) => unknown).apply(this, args),
        (fault) => this.dispatchEvent(faultEvent(fault)),
      );
    };
  }
}
