/**
 * What a widget is handed instead of the page's bus: the Bus interface and nothing else. The bus
 * behind it holds the agent's bus token (to present on every reconnect) and the raw connection;
 * a widget walking the object it was given must find neither. `close()` ends only this view:
 * everything subscribed through it stops, and the page's bus goes on for the shell and the other
 * widgets.
 */
import type { Bus, BusStatus, PresenceStore, CallHistory, Unsubscribe } from './bus.js';
import { BusClosedError } from './errors.js';

export function busView(bus: Bus): Bus {
  const owned = new Set<Unsubscribe>();
  let closed = false;
  const own = (unsubscribe: Unsubscribe): Unsubscribe => {
    owned.add(unsubscribe);
    return () => {
      owned.delete(unsubscribe);
      unsubscribe();
    };
  };
  const open = (what: string): void => {
    if (closed) throw new BusClosedError(what);
  };
  const presence: PresenceStore = Object.freeze({
    get: (agent) => bus.presence.get(agent),
    set: (update) => bus.presence.set(update),
    watch: async (listener) => {
      open('presence.watch');
      return own(await bus.presence.watch(listener));
    },
  } satisfies PresenceStore);
  const history: CallHistory = Object.freeze({
    append: (entry) => bus.history.append(entry),
    recent: (limit) => bus.history.recent(limit),
  } satisfies CallHistory);
  return Object.freeze({
    agentId: bus.agentId,
    get status(): BusStatus {
      return closed ? 'disconnected' : bus.status;
    },
    drops: bus.drops,
    onStatus: (listener) => own(bus.onStatus(listener)),
    onError: (listener) => own(bus.onError(listener)),
    publish: (subject, payload) => (closed ? Promise.reject(new BusClosedError(`publish on ${subject}`)) : bus.publish(subject, payload)),
    subscribe: (subject, handler) => {
      open(`subscribe on ${subject}`);
      return own(bus.subscribe(subject, handler));
    },
    request: (subject, payload, options) => (closed ? Promise.reject(new BusClosedError(`request on ${subject}`)) : bus.request(subject, payload, options)),
    reply: (subject, responder) => {
      open(`reply on ${subject}`);
      return own(bus.reply(subject, responder));
    },
    presence,
    history,
    close: async () => {
      closed = true;
      for (const unsubscribe of [...owned]) unsubscribe();
      owned.clear();
    },
  } satisfies Bus);
}
