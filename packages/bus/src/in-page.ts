/**
 * The in-page transport: the same Bus for a widget developed alone, with no server. Messages are
 * still encoded and decoded, so a widget that passes here passes the contract on NATS too.
 * Buses created on one hub (the default: one per page) see each other's messages, presence and
 * history, as tabs of one agent and teammates would on NATS.
 */
import { DropCounter, decodeReply, encode, encodeReply, subjects, ContractError, type AgentId, type CallHistoryEntry, type PresenceState, type RequestSubject, type Subject } from '@patchbay/contract';
import type { Bus, BusLogger, BusStatus, MessageHandler, PresenceUpdate, Responder, Unsubscribe } from './bus.js';
import { consoleLogger, decodePresence, deliver, requireSubject, type ReceiveContext } from './deliver.js';
import { withTimeout } from './timeout.js';
import { BusClosedError, NoResponderError, RequestTimeoutError, type BusError } from './errors.js';
import { latestCalls } from './history.js';
import { Listeners } from './listeners.js';
import { BUS_DEFAULTS } from './options.js';

type RawHandler = (bytes: Uint8Array) => void;
type RawResponder = (bytes: Uint8Array) => Promise<Uint8Array>;

/** What the buses of one page share: subscriptions by subject, presence and history bytes. */
export class InPageHub {
  readonly subscribers = new Map<string, Set<RawHandler>>();
  readonly responders = new Map<string, RawResponder>();
  readonly presence = new Map<string, Uint8Array>();
  readonly presenceWatchers = new Listeners<[string, Uint8Array]>();
  readonly history = new Map<string, Uint8Array[]>();
}

const pageHub = new InPageHub();

export interface InPageBusOptions {
  agentId: AgentId;
  /** Buses on one hub see each other; the page-wide hub by default. */
  hub?: InPageHub;
  logger?: BusLogger;
  /** Default request timeout, ms (default 5000). */
  requestTimeoutMs?: number;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function createInPageBus(options: InPageBusOptions): Bus {
  const hub = options.hub ?? pageHub;
  const agent = options.agentId;
  const drops = new DropCounter();
  const errors = new Listeners<BusError>();
  const statuses = new Listeners<BusStatus>();
  const cleanups = new Set<() => void>();
  let status: BusStatus = 'connected';
  const ctx: ReceiveContext = { drops, logger: options.logger ?? consoleLogger, reportError: (e) => errors.emit(e) };

  const ensureOpen = (what: string): void => {
    if (status === 'disconnected') throw new BusClosedError(what);
  };
  const track = (cleanup: () => void): Unsubscribe => {
    cleanups.add(cleanup);
    return () => {
      cleanups.delete(cleanup);
      cleanup();
    };
  };

  const bus: Bus = {
    agentId: agent,
    drops,
    get status() {
      return status;
    },
    onStatus: (listener) => statuses.add(listener),
    onError: (listener) => errors.add(listener),

    async publish<T>(subject: Subject<T>, payload: T): Promise<void> {
      ensureOpen(`publish on ${subject}`);
      const bytes = encode(subject, payload);
      // Delivered asynchronously, as over a network, so publishers never re-enter their handlers.
      await tick();
      for (const handler of hub.subscribers.get(subject) ?? []) handler(bytes);
    },

    subscribe<T>(subject: Subject<T>, handler: MessageHandler<T>): Unsubscribe {
      ensureOpen(`subscribe on ${subject}`);
      requireSubject(subject);
      const raw: RawHandler = (bytes) => deliver(ctx, subject, bytes, handler);
      const set = hub.subscribers.get(subject) ?? new Set();
      hub.subscribers.set(subject, set.add(raw));
      return track(() => set.delete(raw));
    },

    async request<Q, R>(subject: RequestSubject<Q, R>, payload: Q, opts: { timeoutMs?: number } = {}): Promise<R> {
      ensureOpen(`request on ${subject}`);
      const bytes = encode(subject, payload);
      const responder = hub.responders.get(subject);
      if (!responder) throw new NoResponderError(subject);
      const timeoutMs = opts.timeoutMs ?? options.requestTimeoutMs ?? BUS_DEFAULTS.requestTimeoutMs;
      const replyBytes = await withTimeout(responder(bytes), timeoutMs, () => new RequestTimeoutError(subject, timeoutMs));
      const decoded = decodeReply(subject, replyBytes, drops);
      if (!decoded.ok) throw new ContractError(decoded.code, decoded.reason);
      return decoded.payload;
    },

    reply<Q, R>(subject: RequestSubject<Q, R>, responder: Responder<Q, R>): Unsubscribe {
      ensureOpen(`reply on ${subject}`);
      requireSubject(subject);
      const raw: RawResponder = (bytes) =>
        new Promise((resolve, reject) => {
          deliver(ctx, subject, bytes, (payload, meta) => {
            Promise.resolve(responder(payload, meta)).then((r) => resolve(encodeReply(subject, r)), reject);
          });
          // A dropped request gets no reply, as on NATS: the requester times out.
        });
      hub.responders.set(subject, raw);
      return track(() => {
        if (hub.responders.get(subject) === raw) hub.responders.delete(subject);
      });
    },

    presence: {
      async get(other: AgentId): Promise<PresenceState | null> {
        const bytes = hub.presence.get(other);
        return bytes ? decodePresence(ctx, other, bytes) : null;
      },
      async set(update: PresenceUpdate): Promise<void> {
        ensureOpen('presence.set');
        const bytes = encode(subjects.presence(agent), { agentId: agent, since: Date.now(), ...update });
        hub.presence.set(agent, bytes);
        await tick();
        hub.presenceWatchers.emit([agent, bytes]);
      },
      async watch(listener: (state: PresenceState) => void): Promise<Unsubscribe> {
        ensureOpen('presence.watch');
        const onValue = ([key, bytes]: [string, Uint8Array]): void => {
          const state = decodePresence(ctx, key, bytes);
          if (state) listener(state);
        };
        for (const entry of hub.presence) onValue(entry);
        return track(hub.presenceWatchers.add(onValue));
      },
    },

    history: {
      async append(entry: CallHistoryEntry): Promise<void> {
        ensureOpen('history.append');
        const bytes = encode(subjects.history(agent), entry);
        hub.history.set(agent, [...(hub.history.get(agent) ?? []), bytes]);
        // Announced once stored, as the bus store does on NATS.
        await tick();
        for (const handler of hub.subscribers.get(subjects.history(agent)) ?? []) handler(bytes);
      },
      async recent(limit: number): Promise<CallHistoryEntry[]> {
        const entries: CallHistoryEntry[] = [];
        for (const bytes of hub.history.get(agent) ?? []) {
          deliver(ctx, subjects.history(agent), bytes, (entry) => entries.push(entry));
        }
        return latestCalls(entries, limit);
      },
    },

    async close(): Promise<void> {
      if (status === 'disconnected') return;
      for (const cleanup of [...cleanups]) cleanup();
      cleanups.clear();
      status = 'disconnected';
      statuses.emit(status);
    },
  };
  return bus;
}
