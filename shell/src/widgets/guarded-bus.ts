/**
 * The bus a widget is handed, watching the widget's own code: every handler and listener the
 * widget gives it runs inside a guard. One that throws, rejects, or holds the page's thread longer
 * than HANG_MS is reported as the widget's fault, and once reported nothing more is delivered to
 * the widget. The bus cannot stop a handler that never returns (nothing on the page's
 * one thread can); it measures each run, so a handler that froze the page is known the moment it
 * ends and is not called again.
 *
 * It is the widget kit's widgetBusView, which keeps the widget to a widget's part (the contract's
 * WIDGET_REACH); here each refusal is also logged, once per use and kind.
 */
import type { Bus } from '@patchbay/bus';
import { watchedRun, widgetBusView, type HandlerWatch, type WidgetFault } from '@patchbay/widget-kit';
import { describeError, log } from '../log.js';

export interface GuardedBus {
  readonly bus: Bus;
  /** Stops delivering to the widget and closes its view of the bus. */
  close(): Promise<void>;
}

export function guardedBus(view: Bus, widget: string, onFault: (fault: WidgetFault) => void): GuardedBus {
  const logged = new Set<string>();
  let faulted = false;
  const fault = (value: WidgetFault): void => {
    if (faulted) return;
    faulted = true;
    onFault(value);
  };
  /**
   * Runs the widget's handler unless the widget already faulted, and watches how it ends. A
   * rejection is a fault: nobody else would see it.
   */
  const watch: HandlerWatch =
    (during, handler) =>
    (...args) => {
      if (faulted) return undefined;
      try {
        const result = watchedRun(during, () => handler(...args), fault);
        if (result instanceof Promise) result.catch((error: unknown) => fault({ kind: 'threw', during, message: describeError(error) }));
        return result;
      } catch {
        return undefined;
      }
    };
  const bus = widgetBusView(view, {
    onRefused: ({ reason }) => {
      if (logged.has(reason)) return;
      logged.add(reason);
      log('warn', 'WIDGET-BUS-REFUSED', `${widget}: ${reason}`);
    },
    watch,
  });
  return { bus, close: () => view.close() };
}
