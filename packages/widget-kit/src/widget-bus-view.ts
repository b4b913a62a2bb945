/**
 * The view of a bus a widget is handed, kept to a widget's part (the contract's WIDGET_REACH):
 * commands out, state in, queries asked. What is the shell's (answering or listening on any
 * request, asking the phone window's handover or renewal, publishing state, writing presence or
 * call history) is refused with a WidgetRefusedError, thrown (or, where the Bus answers with a
 * promise, rejected) and told to `onRefused`. The shell mounts every widget on it, and the dev page
 * does too, so a team running its widget alone meets the same refusals.
 */
import { WidgetRefusedError, type Bus, type CallHistory, type PresenceStore } from '@patchbay/bus';
import { subjects, widgetRefusal, type BusUse } from '@patchbay/contract';

/**
 * Wraps each handler or listener the widget hands the bus (`during` names it), to watch how it
 * runs; the wrapper answers `undefined` where it chose not to call the widget.
 */
export type HandlerWatch = <A extends unknown[], R>(during: string, handler: (...args: A) => R) => (...args: A) => R | undefined;

export interface WidgetBusViewOptions {
  /** Told of each refusal, before it is thrown or rejected. */
  onRefused(refused: WidgetRefusedError, use: BusUse): void;
  /** Unwatched by default. */
  watch?: HandlerWatch;
}

const unwatched: HandlerWatch = (_during, handler) => handler;

export function widgetBusView(view: Bus, { onRefused, watch = unwatched }: WidgetBusViewOptions): Bus {
  const refusal = (subject: string, use: BusUse): WidgetRefusedError | null => {
    const reason = widgetRefusal(subject, use);
    if (reason === null) return null;
    const refused = new WidgetRefusedError(subject, reason);
    onRefused(refused, use);
    return refused;
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
  // Writing presence and history are requests to the bus store, judged as such.
  const presence: PresenceStore = Object.freeze({
    get: view.presence.get,
    set: (update) => allowThen(subjects.presenceSet(view.agentId), 'request', () => view.presence.set(update)),
    watch: (listener) => view.presence.watch(watch('presence listener', listener)),
  } satisfies PresenceStore);
  const history: CallHistory = Object.freeze({
    append: (entry) => allowThen(subjects.historyAppend(view.agentId), 'request', () => view.history.append(entry)),
    recent: view.history.recent,
  } satisfies CallHistory);
  return Object.freeze({
    agentId: view.agentId,
    get status() {
      return view.status;
    },
    drops: view.drops,
    onStatus: (listener) => view.onStatus(watch('bus status listener', listener)),
    onError: (listener) => view.onError(watch('bus error listener', listener)),
    publish: (subject, payload) => allowThen(subject, 'publish', () => view.publish(subject, payload)),
    subscribe: (subject, handler) => {
      allow(subject, 'subscribe');
      return view.subscribe(subject, watch(`bus handler on ${subject}`, handler));
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
}
