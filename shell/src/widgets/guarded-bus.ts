/**
 * The bus a widget is handed, watching the widget's own code: every handler and listener the
 * widget gives it runs inside a guard. One that throws, rejects, or holds the page's thread longer
 * than HANG_MS is reported as the widget's fault, and once reported nothing more is delivered to
 * the widget. The bus cannot stop a handler that never returns (nothing on the page's
 * one thread can); it measures each run, so a handler that froze the page is known the moment it
 * ends and is not called again.
 *
 * It also keeps the widget to a widget's part (the contract's WIDGET_REACH): commands out, state
 * in, queries asked. What is the shell's (answering or listening on any request, asking the phone
 * window's handover or renewal, publishing state, writing presence or call history) is refused
 * with a WidgetRefusedError, thrown (or, where the Bus answers with a promise, rejected) and
 * logged once per use and kind.
 */
import { WidgetRefusedError, type Bus, type CallHistory, type PresenceStore } from '@patchbay/bus';
import { subjects, widgetRefusal, type BusUse } from '@patchbay/contract';
import { watchedRun, type WidgetFault } from '@patchbay/widget-kit';
import { describeError, log } from '../log.js';

export interface GuardedBus {
  readonly bus: Bus;
  /** Stops delivering to the widget and closes its view of the bus. */
  close(): Promise<void>;
}

export function guardedBus(view: Bus, widget: string, onFault: (fault: WidgetFault) => void): GuardedBus {
  const logged = new Set<string>();
  const refusal = (subject: string, use: BusUse): WidgetRefusedError | null => {
    const reason = widgetRefusal(subject, use);
    if (reason === null) return null;
    if (!logged.has(reason)) {
      logged.add(reason);
      log('warn', 'WIDGET-BUS-REFUSED', `${widget}: ${reason}`);
    }
    return new WidgetRefusedError(subject, reason);
  };
  const allow = (subject: string, use: BusUse): void => {
    const refused = refusal(subject, use);
    if (refused) throw refused;
  };
  // The Bus interface rejects rather than throws where it answers with a promise.
  const allowThen = <T>(subject: string, use: BusUse, go: () => Promise<T>): Promise<T> => {
    const refused = refusal(subject, use);
    return refused ? Promise.reject(refused) : go();
  };
  let faulted = false;
  const fault = (value: WidgetFault): void => {
    if (faulted) return;
    faulted = true;
    onFault(value);
  };
  /**
   * Runs the widget's `fn` unless the widget already faulted (then `skipped()` answers), and
   * watches how it ends. A rejection is a fault: nobody else would see it.
   */
  const guard =
    <A extends unknown[], R>(during: string, fn: (...args: A) => R, skipped: () => R) =>
    (...args: A): R => {
      if (faulted) return skipped();
      try {
        const result = watchedRun(during, () => fn(...args), fault);
        if (result instanceof Promise) result.catch((error: unknown) => fault({ kind: 'threw', during, message: describeError(error) }));
        return result;
      } catch {
        return skipped();
      }
    };
  const nothing = (): void => undefined;
  // Writing presence and history are requests to the bus store, judged as such.
  const presence: PresenceStore = Object.freeze({
    get: view.presence.get,
    set: (update) => allowThen(subjects.presenceSet(view.agentId), 'request', () => view.presence.set(update)),
    watch: (listener) => view.presence.watch(guard('presence listener', listener, nothing)),
  } satisfies PresenceStore);
  const history: CallHistory = Object.freeze({
    append: (entry) => allowThen(subjects.historyAppend(view.agentId), 'request', () => view.history.append(entry)),
    recent: view.history.recent,
  } satisfies CallHistory);
  const bus: Bus = Object.freeze({
    agentId: view.agentId,
    get status() {
      return view.status;
    },
    drops: view.drops,
    onStatus: (listener) => view.onStatus(guard('bus status listener', listener, nothing)),
    onError: (listener) => view.onError(guard('bus error listener', listener, nothing)),
    publish: (subject, payload) => allowThen(subject, 'publish', () => view.publish(subject, payload)),
    subscribe: (subject, handler) => {
      allow(subject, 'subscribe');
      return view.subscribe(subject, guard(`bus handler on ${subject}`, handler, nothing));
    },
    request: (subject, payload, options) => allowThen(subject, 'request', () => view.request(subject, payload, options)),
    // No kind of the contract is a widget's to answer: refused here, or (not a contract subject)
    // by the bus itself before anything listens.
    reply: (subject, responder) => {
      allow(subject, 'reply');
      return view.reply(subject, responder);
    },
    presence,
    history,
    close: view.close,
  } satisfies Bus);
  return { bus, close: () => view.close() };
}
