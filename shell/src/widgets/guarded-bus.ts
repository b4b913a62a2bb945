/**
 * The bus a widget is handed, watching the widget's own code: every handler, listener and
 * responder the widget gives it runs inside a guard. One that throws, rejects, or holds the page's
 * thread longer than HANG_MS is reported as the widget's fault, and once reported nothing more is
 * delivered to the widget. The bus cannot stop a handler that never returns (nothing on the page's
 * one thread can); it measures each run, so a handler that froze the page is known the moment it
 * ends and is not called again.
 */
import type { Bus, PresenceStore } from '@patchbay/bus';
import { HANG_MS, type WidgetFault } from '@patchbay/widget-kit';
import { describeError } from '../log.js';

export interface GuardedBus {
  readonly bus: Bus;
  /** Stops delivering to the widget and closes its view of the bus. */
  close(): Promise<void>;
}

export function guardedBus(view: Bus, onFault: (fault: WidgetFault) => void): GuardedBus {
  let faulted = false;
  const fault = (value: WidgetFault): void => {
    if (faulted) return;
    faulted = true;
    onFault(value);
  };
  /**
   * Runs the widget's `fn` unless the widget already faulted (then `skipped()` answers), and
   * watches how it ends. A rejection is a fault where nobody else would see it (a handler's).
   */
  const guard =
    <A extends unknown[], R>(during: string, fn: (...args: A) => R, skipped: () => R, { rejectionIsFault = true } = {}) =>
    (...args: A): R => {
      if (faulted) return skipped();
      const started = performance.now();
      try {
        const result = fn(...args);
        if (rejectionIsFault && result instanceof Promise) result.catch((error: unknown) => fault({ kind: 'threw', during, message: describeError(error) }));
        return result;
      } catch (error) {
        fault({ kind: 'threw', during, message: describeError(error) });
        return skipped();
      } finally {
        const held = performance.now() - started;
        if (held > HANG_MS) fault({ kind: 'hung', during, message: `held the page for ${Math.round(held)} ms` });
      }
    };
  const nothing = (): void => undefined;
  const presence: PresenceStore = Object.freeze({
    get: view.presence.get,
    set: view.presence.set,
    watch: (listener) => view.presence.watch(guard('presence listener', listener, nothing)),
  } satisfies PresenceStore);
  const bus: Bus = Object.freeze({
    agentId: view.agentId,
    get status() {
      return view.status;
    },
    drops: view.drops,
    onStatus: (listener) => view.onStatus(guard('bus status listener', listener, nothing)),
    onError: (listener) => view.onError(guard('bus error listener', listener, nothing)),
    publish: view.publish,
    subscribe: (subject, handler) => view.subscribe(subject, guard(`bus handler on ${subject}`, handler, nothing)),
    request: view.request,
    // A responder's rejection is its answer to the requester, not a fault.
    reply: (subject, responder) =>
      view.reply(
        subject,
        guard(`bus responder on ${subject}`, responder, () => Promise.reject(new Error(`the widget answering ${subject} was taken out`)), { rejectionIsFault: false }),
      ),
    presence,
    history: view.history,
    close: view.close,
  } satisfies Bus);
  return { bus, close: () => view.close() };
}
