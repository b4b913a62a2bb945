/**
 * The NATS transport: the Bus over nats.ws (WebSocket). This package is the only importer of
 * nats.ws in the repository (see README.md for why nats.ws).
 *
 * Late joiners: the phone answers `subjects.callStateQuery(agent)` with its latest CallSnapshot;
 * a widget that loads (or reconnects) mid-call requests it, then follows `subjects.callState`.
 */
import { ErrorCode, Events, NatsError, connect, jwtAuthenticator, type NatsConnection, type Msg } from 'nats.ws';
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
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { Bus, BusLogger, BusStatus, MessageHandler, PresenceUpdate, Responder, Unsubscribe } from './bus.js';
import { consoleLogger, deliver, requireSubject, type ReceiveContext } from './deliver.js';
import {
  BusClosedError,
  BusError,
  NoResponderError,
  NotOwnAgentError,
  PermissionDeniedError,
  RequestTimeoutError,
  BusTransportError,
  StoreRefusedError,
} from './errors.js';
import { Listeners } from './listeners.js';
import { inboxPrefixFor } from './names.js';
import { Outbox, type OutboxLink } from './outbox.js';
import { TEAM_PRESENCE } from './permissions.js';
import { followPresence } from './presence-follow.js';

export interface NatsBusOptions {
  /** WebSocket URL(s) of nats-server, e.g. ws://127.0.0.1:<port>; all nodes of a cluster. */
  servers: string | string[];
  agentId: AgentId;
  /**
   * The agent's user JWT (bearer, short-lived), or where to read it: a function is asked at every
   * (re)connect, so a JWT renewed in the meantime is the one the server sees.
   */
  jwt: string | (() => string);
  /** Connection name shown by the server's monitoring. */
  name?: string;
  logger?: BusLogger;
  /** How long a publish may wait for a reconnect before it fails, ms (default 30 000). */
  publishTimeoutMs?: number;
  /** Most publishes waiting for a reconnect; more fail with OutboxFullError (default 1000). */
  outboxLimit?: number;
  /** Default request timeout, ms (default 5000). */
  requestTimeoutMs?: number;
  /** How long presence/history operations keep retrying while the bus store is unreachable, ms (default 15 000). */
  storageRetryMs?: number;
  backoff?: BackoffOptions;
  /** Client PING interval, ms: how fast a silently dead link is noticed (default 5000). */
  pingIntervalMs?: number;
}

function isPermissionError(error: unknown): error is NatsError {
  return error instanceof NatsError && error.code === ErrorCode.PermissionsViolation;
}

interface Violation {
  mark: number;
  error: PermissionDeniedError;
}

/**
 * Connects (retrying while the server is unreachable; rejects if the credentials are refused) and
 * returns a Bus that reconnects forever with backoff and jitter.
 */
export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  const agent = options.agentId;
  const backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
  const nc = await connect({
    servers: options.servers,
    authenticator: jwtAuthenticator(options.jwt),
    name: options.name ?? `patchbay-${agent}`,
    inboxPrefix: inboxPrefixFor(agent),
    maxReconnectAttempts: -1,
    reconnectDelayHandler: () => backoff.next(),
    waitOnFirstConnect: true,
    pingInterval: options.pingIntervalMs ?? 5000,
    maxPingOut: 2,
  });
  // Wrong credentials fail the first connect (nats.ws aborts after the same refusal twice). Once
  // connected, a refused reconnect (a JWT that expired before its renewal arrived) must be
  // retried with backoff like any other outage; nats.ws has no public switch for that after
  // connecting, but reads this options object on every refusal.
  (nc as unknown as { options: { ignoreAuthErrorAbort: boolean } }).options.ignoreAuthErrorAbort = true;
  return new NatsBus(nc, options, backoff);
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
    private readonly nc: NatsConnection,
    private readonly options: NatsBusOptions,
    private readonly backoff: Backoff,
  ) {
    this.agentId = options.agentId;
    this.ctx = { drops: this.drops, logger: options.logger ?? consoleLogger, reportError: (e) => this.errors.emit(e) };
    const isConnected = (): boolean => this.currentStatus === 'connected';
    const link: OutboxLink = {
      get connected() {
        return isConnected();
      },
      get closed() {
        return nc.isClosed();
      },
      publish: (subject, bytes) => nc.publish(subject, bytes),
      flush: () => nc.flush(),
      violationMark: () => this.violationCount,
      refusedSince: (mark, subject) => this.violations.find((v) => v.mark >= mark && v.error.subject === subject)?.error ?? null,
    };
    this.outbox = new Outbox(link, {
      timeoutMs: options.publishTimeoutMs ?? 30_000,
      limit: options.outboxLimit ?? 1000,
    });
    void this.followStatus();
    void nc.closed().then((error) => {
      this.outbox.failAll(() => new BusClosedError('publish', { cause: error }));
      this.setStatus('disconnected');
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
    const timeoutMs = timeout ?? this.options.requestTimeoutMs ?? 5000;
    let reply;
    try {
      reply = await this.nc.request(subject, bytes, { timeout: timeoutMs });
    } catch (error) {
      if (error instanceof NatsError && error.code === ErrorCode.NoResponders) throw new NoResponderError(subject);
      if (error instanceof NatsError && error.code === ErrorCode.Timeout) throw new RequestTimeoutError(subject, timeoutMs);
      throw this.toBusError(error, subject);
    }
    const decoded = decodeReply(subject, reply.data, this.drops);
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
          .then((answer) => msg.respond(encodeReply(subject, answer)))
          .catch((failure: unknown) => this.ctx.logger.warn(`bus: no reply on ${subject}: ${String(failure)}`));
      }),
    );
  }

  /** One subscription on the connection; errors other than permission violations are reported. */
  private listen(subject: string, onMessage: (msg: Msg) => void): Unsubscribe {
    requireSubject(subject);
    const sub = this.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) {
          // Permission violations are reported once, by followStatus, which sees them all.
          if (!isPermissionError(error)) this.report(this.toBusError(error, subject));
          return;
        }
        onMessage(msg);
      },
    });
    return () => sub.unsubscribe();
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
    if (this.nc.isClosed()) return;
    await this.nc.close();
    this.outbox.failAll(() => new BusClosedError('publish'));
    this.setStatus('disconnected');
  }

  private async followStatus(): Promise<void> {
    for await (const event of this.nc.status()) {
      if (event.type === Events.Disconnect) {
        this.setStatus('reconnecting');
      } else if (event.type === Events.Reconnect) {
        this.backoff.reset();
        this.setStatus('connected');
        this.outbox.resume();
        this.reconnected.emit();
      } else if (event.type === Events.Error && event.permissionContext) {
        const { operation, subject } = event.permissionContext;
        const error = new PermissionDeniedError(operation === 'publish' ? 'publish' : 'subscription', subject);
        this.violations.push({ mark: this.violationCount++, error });
        if (this.violations.length > 100) this.violations.shift();
        this.report(error);
      }
    }
  }

  /**
   * Runs a bus store request, again with backoff while nobody answers (the store restarting, the
   * bus reconnecting) within storageRetryMs. Every store request is safe to repeat.
   */
  private async storage<T>(what: string, operation: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.options.storageRetryMs ?? 15_000);
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (this.nc.isClosed()) throw new BusClosedError(what, { cause: error });
        const transient = error instanceof NoResponderError || error instanceof RequestTimeoutError;
        if (!transient || Date.now() >= deadline) throw error;
        this.ctx.logger.warn(`bus: ${what} failed (${error.code}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
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

  private toBusError(error: unknown, subject: string): BusError {
    if (isPermissionError(error)) {
      const operation = error.permissionContext?.operation === 'publish' ? 'publish' : 'subscription';
      return new PermissionDeniedError(operation, error.permissionContext?.subject ?? subject, { cause: error });
    }
    if (this.nc.isClosed()) return new BusClosedError(`operation on ${subject}`, { cause: error });
    return new BusTransportError(`operation on ${subject}`, error);
  }

  /** Every teammate's presence change, as the store publishes it once stored. */
  private listenTeamPresence(onState: (state: PresenceState) => void): Unsubscribe {
    const sub = this.nc.subscribe(TEAM_PRESENCE, {
      callback: (error, msg) => {
        if (error) return;
        const decoded = decodeAny(msg.subject, msg.data, this.drops);
        if (!decoded.ok) {
          this.ctx.logger.warn(`bus: dropped presence on ${decoded.subject} (${decoded.code}): ${decoded.reason}`, { code: decoded.code });
          return;
        }
        if (decoded.kind === 'presence') onState(decoded.payload);
      },
    });
    return () => sub.unsubscribe();
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
