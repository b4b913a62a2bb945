/**
 * The NATS transport: the Bus over this package's own core-NATS client (client/, wire/) on the
 * environment's WebSocket. Agents need only core NATS (JetStream is the bus store's, on the
 * server side), so the page ships no JetStream, KV or services code (see README.md for the figures).
 *
 * Late joiners: the phone answers `subjects.callStateQuery(agent)` with its latest CallSnapshot;
 * a widget that loads (or reconnects) mid-call requests it, then follows `subjects.callState`.
 */
import {
  ContractError,
  DropCounter,
  HISTORY_QUERY_MAX,
  decodeAny,
  decodeReply,
  encode,
  encodeReply,
  subjects,
  type AgentId,
  type CallHistoryEntry,
  type PresenceList,
  type PresenceState,
  type RequestSubject,
  type Subject,
} from '@patchbay/contract';
import { Backoff, retrying } from './backoff.js';
import type { Bus, BusStatus, MessageHandler, PresenceUpdate, Responder, Unsubscribe } from './bus.js';
import { Connection, type ConnectionEvents, type Message } from './client/connection.js';
import { openWebSocketAhead } from './client/transport.js';
import { consoleLogger, deliver, requireSubject, type ReceiveContext } from './deliver.js';
import { BusClosedError, type BusError, BusTransportError, NoResponderError, NotOwnAgentError, PermissionDeniedError, RequestTimeoutError, StoreRefusedError } from './errors.js';
import { Listeners } from './listeners.js';
import { inboxPrefixFor } from './names.js';
import { BUS_DEFAULTS, type NatsBusOptions } from './options.js';
import { Outbox, type OutboxLink } from './outbox.js';
import { TEAM_PRESENCE } from './permissions.js';
import { followPresence } from './presence-follow.js';

export type { NatsBusOptions } from './options.js';

interface Violation {
  mark: number;
  error: PermissionDeniedError;
}

/**
 * Connects (retrying while the server is unreachable; rejects with CredentialsRefusedError if the
 * credentials are refused) and returns a Bus that reconnects forever with backoff and jitter.
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  const agent = options.agentId;
  const { jwt } = options;
  let bus: NatsBus | null = null;
  // Events before the Bus exists (none can come before the first connect resolves) go nowhere.
  const events: ConnectionEvents = {
    link: (state) => bus?.onLink(state),
    permission: (operation, subject) => bus?.onPermission(operation, subject),
    notice: (message) => bus?.onNotice(message),
    broken: (error) => bus?.onBroken(error),
  };
  const connection = await Connection.open(
    {
      servers: [options.servers].flat(),
      jwt: typeof jwt === 'string' ? () => jwt : jwt,
      name: options.name ?? `patchbay-${agent}`,
      inboxPrefix: inboxPrefixFor(agent),
      pingIntervalMs: options.pingIntervalMs ?? BUS_DEFAULTS.pingIntervalMs,
      maxPingOut: BUS_DEFAULTS.maxPingOut,
      connectTimeoutMs: BUS_DEFAULTS.connectTimeoutMs,
      backoff: new Backoff(options.backoff ?? BUS_DEFAULTS.backoff),
    },
    events,
  );
  bus = new NatsBus(connection, options);
  return bus;
}

class NatsBus implements Bus {
  readonly agentId: AgentId;
  readonly drops = new DropCounter();
  private currentStatus: BusStatus = 'connected';
  private readonly statuses = new Listeners<BusStatus>();
  private readonly errors = new Listeners<BusError>();
  private readonly reconnected = new Listeners<void>();
  private readonly ctx: ReceiveContext;
  private readonly outbox: Outbox;
  private readonly violations: Violation[] = [];
  private violationCount = 0;

  constructor(
    private readonly connection: Connection,
    private readonly options: NatsBusOptions,
  ) {
    this.agentId = options.agentId;
    this.ctx = { drops: this.drops, logger: options.logger ?? consoleLogger, reportError: (e) => this.errors.emit(e) };
    const isConnected = (): boolean => this.currentStatus === 'connected';
    const link: OutboxLink = {
      get connected() {
        return isConnected();
      },
      get closed() {
        return connection.closed;
      },
      publish: (subject, bytes) => connection.publish(subject, bytes),
      flush: () => connection.flush(),
      violationMark: () => this.violationCount,
      refusedSince: (mark, subject) => this.violations.find((v) => v.mark >= mark && v.error.subject === subject)?.error ?? null,
    };
    this.outbox = new Outbox(link, {
      timeoutMs: options.publishTimeoutMs ?? BUS_DEFAULTS.publishTimeoutMs,
      limit: options.outboxLimit ?? BUS_DEFAULTS.outboxLimit,
    });
  }

  get status(): BusStatus {
    return this.currentStatus;
  }

  onStatus(listener: (status: BusStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  onError(listener: (error: BusError) => void): Unsubscribe {
    return this.errors.add(listener);
  }

  async publish<T>(subject: Subject<T>, payload: T): Promise<void> {
    return this.outbox.send(subject, encode(subject, payload));
  }

  subscribe<T>(subject: Subject<T>, handler: MessageHandler<T>): Unsubscribe {
    return this.listen(subject, (msg) => deliver(this.ctx, subject, msg.data, handler));
  }

  async request<Q, R>(subject: RequestSubject<Q, R>, payload: Q, opts: { timeoutMs?: number } = {}): Promise<R> {
    return this.ask(subject, encode(subject, payload), opts.timeoutMs);
  }

  /** Sends encoded request bytes (the same bytes again on a retry) and decodes the reply. */
  private async ask<Q, R>(subject: RequestSubject<Q, R>, bytes: Uint8Array, timeout?: number): Promise<R> {
    const reply = await this.connection.request(subject, bytes, timeout ?? this.options.requestTimeoutMs ?? BUS_DEFAULTS.requestTimeoutMs);
    const decoded = decodeReply(subject, reply, this.drops);
    if (!decoded.ok) throw new ContractError(decoded.code, decoded.reason);
    return decoded.payload;
  }

  /** A request to the bus store; its refusal becomes a StoreRefusedError. */
  private async askStore<Q, R extends { refused: string | null }>(subject: RequestSubject<Q, R>, bytes: Uint8Array, what: string): Promise<R> {
    const reply = await this.storage(what, () => this.ask(subject, bytes));
    if (reply.refused !== null) throw new StoreRefusedError(what, reply.refused);
    return reply;
  }

  reply<Q, R>(subject: RequestSubject<Q, R>, responder: Responder<Q, R>): Unsubscribe {
    return this.listen(subject, (msg) =>
      deliver(this.ctx, subject, msg.data, (payload, meta) => {
        Promise.resolve(responder(payload, meta))
          .then((answer) => {
            if (msg.reply !== null) this.connection.publish(msg.reply, encodeReply(subject, answer));
          })
          .catch((failure: unknown) => this.ctx.logger.warn(`bus: no reply on ${subject}: ${String(failure)}`));
      }),
    );
  }

  /** One subscription on the connection; a refusal arrives through onPermission. */
  private listen(subject: string, onMessage: (msg: Message) => void): Unsubscribe {
    requireSubject(subject);
    return this.connection.subscribe(subject, onMessage);
  }

  readonly presence = {
    get: async (other: AgentId): Promise<PresenceState | null> => {
      const subject = subjects.presenceList(this.agentId);
      const page = await this.askStore(subject, encode(subject, { agent: other }), `presence.get(${other})`);
      return page.states.find((state) => state.agentId === other) ?? null;
    },
    set: async (update: PresenceUpdate): Promise<void> => {
      const state: PresenceState = { agentId: this.agentId, since: Date.now(), ...update };
      if (state.agentId !== this.agentId) throw new NotOwnAgentError(this.agentId, state.agentId);
      const subject = subjects.presenceSet(this.agentId);
      await this.askStore(subject, encode(subject, state), 'presence.set');
    },
    watch: (listener: (state: PresenceState) => void): Promise<Unsubscribe> =>
      followPresence({
        listen: (onMessage) => this.listenTeamPresence(onMessage),
        loadAll: () => this.teamPresence(),
        onReconnect: (run) => this.reconnected.add(run),
        listener,
        logger: this.ctx.logger,
      }),
  };

  readonly history = {
    append: async (entry: CallHistoryEntry): Promise<void> => {
      const subject = subjects.historyAppend(this.agentId);
      // Encoded once: a retry sends the same envelope id, which the store de-duplicates.
      await this.askStore(subject, encode(subject, entry), 'history.append');
    },
    recent: async (limit: number): Promise<CallHistoryEntry[]> => {
      const subject = subjects.historyRecent(this.agentId);
      const wanted = Math.max(1, Math.min(HISTORY_QUERY_MAX, Math.floor(limit)));
      const page = await this.askStore(subject, encode(subject, { limit: wanted }), 'history.recent');
      return limit < 1 ? [] : page.entries;
    },
  };

  async close(): Promise<void> {
    if (this.connection.closed) return;
    await this.connection.close();
    this.outbox.failAll(() => new BusClosedError('publish'));
    this.setStatus('disconnected');
  }

  /** The connection's link dropped or came back. */
  onLink(state: 'lost' | 'restored'): void {
    if (state === 'lost') {
      this.setStatus('reconnecting');
      return;
    }
    this.setStatus('connected');
    this.outbox.resume();
    this.reconnected.emit();
  }

  onPermission(operation: 'publish' | 'subscription', subject: string): void {
    const error = new PermissionDeniedError(operation, subject);
    this.violations.push({ mark: this.violationCount++, error });
    if (this.violations.length > 100) this.violations.shift();
    this.report(error);
  }

  /** What the server said before it closed a link, a refused reconnect: for the operator's log. */
  onNotice(message: string): void {
    this.ctx.logger.warn(`bus: ${message}`);
  }

  onBroken(error: Error): void {
    this.report(new BusTransportError('reading from nats-server', error));
  }

  /**
   * Runs a bus store request, again with backoff while nobody answers (the store restarting, the
   * bus reconnecting) within storageRetryMs. Every store request is safe to repeat.
   */
  private async storage<T>(what: string, operation: () => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      try {
        return await operation();
      } catch (error) {
        if (this.connection.closed) throw new BusClosedError(what, { cause: error });
        throw error;
      }
    };
    return retrying(attempt, {
      withinMs: this.options.storageRetryMs ?? BUS_DEFAULTS.storageRetryMs,
      backoff: BUS_DEFAULTS.storageBackoff,
      retryable: (error) => error instanceof NoResponderError || error instanceof RequestTimeoutError,
      onRetry: (error) => this.ctx.logger.warn(`bus: ${what} failed (${(error as NoResponderError | RequestTimeoutError).code}); trying again`),
    });
  }

  private setStatus(status: BusStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.statuses.emit(status);
  }

  private report(error: BusError): void {
    this.ctx.logger.warn(`bus: ${error.message}`, { code: error.code });
    this.errors.emit(error);
  }

  /** Every teammate's presence change, as the store publishes it once stored. */
  private listenTeamPresence(onState: (state: PresenceState) => void): Unsubscribe {
    return this.connection.subscribe(TEAM_PRESENCE, (msg) => {
      const decoded = decodeAny(msg.subject, msg.data, this.drops);
      if (!decoded.ok) {
        this.ctx.logger.warn(`bus: dropped presence on ${decoded.subject} (${decoded.code}): ${decoded.reason}`, { code: decoded.code });
        return;
      }
      if (decoded.kind === 'presence') onState(decoded.payload);
    });
  }

  /** The whole team's stored presence, page by page. */
  private async teamPresence(): Promise<PresenceState[]> {
    const subject = subjects.presenceList(this.agentId);
    const states: PresenceState[] = [];
    let after: string | null = null;
    do {
      const page: PresenceList = await this.askStore(subject, encode(subject, after === null ? {} : { after }), 'presence.watch');
      states.push(...page.states);
      after = page.next;
    } while (after !== null);
    return states;
  }
}

/**
 * Opens the WebSocket to one of `servers` (picked at random, as a connection spreads its first
 * links) before the page has its credentials: the next connectNatsBus to these servers takes it,
 * so the TCP, TLS and WebSocket handshakes happen while the agent signs in. Nothing is sent on it
 * until then.
 */
export function openNatsAhead(servers: readonly string[]): void {
  const url = servers[Math.floor(Math.random() * servers.length)];
  if (url !== undefined) openWebSocketAhead(url);
}
