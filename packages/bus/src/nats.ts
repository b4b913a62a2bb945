/**
 * The NATS transport: the Bus over nats.ws (WebSocket). This package is the only importer of
 * nats.ws in the repository (see README.md for why nats.ws).
 *
 * Late joiners: the phone answers `subjects.callStateQuery(agent)` with its latest CallSnapshot;
 * a widget that loads (or reconnects) mid-call requests it, then follows `subjects.callState`.
 */
import {
  AckPolicy,
  DeliverPolicy,
  ErrorCode,
  Events,
  NatsError,
  connect,
  createInbox,
  nanos,
  usernamePasswordAuthenticator,
  type JetStreamClient,
  type JetStreamManager,
  type KV,
  type NatsConnection,
  type QueuedIterator,
  type KvEntry,
  type Msg,
} from 'nats.ws';
import {
  ContractError,
  DropCounter,
  decodeReply,
  encode,
  encodeReply,
  newMessageId,
  subjects,
  type AgentId,
  type CallHistoryEntry,
  type PresenceState,
  type RequestSubject,
  type Subject,
} from '@patchbay/contract';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { Bus, BusLogger, BusStatus, MessageHandler, PresenceUpdate, Responder, Unsubscribe } from './bus.js';
import { consoleLogger, decodePresence, deliver, requireSubject, type ReceiveContext } from './deliver.js';
import { withTimeout } from './timeout.js';
import {
  BusClosedError,
  BusError,
  NoResponderError,
  NotOwnAgentError,
  PermissionDeniedError,
  RequestTimeoutError,
  BusTransportError,
} from './errors.js';
import { latestCalls } from './history.js';
import { Listeners } from './listeners.js';
import { HISTORY_STREAM, PRESENCE_BUCKET, inboxPrefixFor } from './names.js';
import { Outbox, type OutboxLink } from './outbox.js';

export interface NatsBusOptions {
  /** WebSocket URL(s) of nats-server, e.g. ws://127.0.0.1:<port>; all nodes of a cluster. */
  servers: string | string[];
  agentId: AgentId;
  user: string;
  /**
   * The password, or where to read it: a function is asked at every (re)connect, so a short-lived
   * token renewed in the meantime is the one the server sees.
   */
  pass: string | (() => string);
  /** Connection name shown by the server's monitoring. */
  name?: string;
  logger?: BusLogger;
  /** How long a publish may wait for a reconnect before it fails, ms (default 30 000). */
  publishTimeoutMs?: number;
  /** Most publishes waiting for a reconnect; more fail with OutboxFullError (default 1000). */
  outboxLimit?: number;
  /** Default request timeout, ms (default 5000). */
  requestTimeoutMs?: number;
  /** One JetStream API request's timeout, ms (default 2000; a failover retries after it). */
  jetstreamTimeoutMs?: number;
  /** How long presence/history operations keep retrying while JetStream recovers, ms (default 15 000). */
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
    authenticator: usernamePasswordAuthenticator(options.user, options.pass),
    name: options.name ?? `patchbay-${agent}`,
    inboxPrefix: inboxPrefixFor(agent),
    maxReconnectAttempts: -1,
    reconnectDelayHandler: () => backoff.next(),
    waitOnFirstConnect: true,
    pingInterval: options.pingIntervalMs ?? 5000,
    maxPingOut: 2,
  });
  // Wrong credentials fail the first connect (nats.ws aborts after the same refusal twice). Once
  // connected, a refused reconnect (a token that expired before its renewal arrived) must be
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
  private readonly js: JetStreamClient;
  private jsm: Promise<JetStreamManager> | null = null;
  private kv: Promise<KV> | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: NatsBusOptions,
    private readonly backoff: Backoff,
  ) {
    this.agentId = options.agentId;
    this.ctx = { drops: this.drops, logger: options.logger ?? consoleLogger, reportError: (e) => this.errors.emit(e) };
    this.js = nc.jetstream({ timeout: options.jetstreamTimeoutMs ?? 2000 });
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
    const timeoutMs = opts.timeoutMs ?? this.options.requestTimeoutMs ?? 5000;
    const bytes = encode(subject, payload);
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
    get: (other: AgentId): Promise<PresenceState | null> =>
      this.storage(`presence.get(${other})`, async () => {
        const entry = await (await this.bucket()).get(other);
        if (!entry || entry.operation !== 'PUT') return null;
        return decodePresence(this.ctx, other, entry.value);
      }),
    set: (update: PresenceUpdate): Promise<void> => {
      const state: PresenceState = { agentId: this.agentId, since: Date.now(), ...update };
      if (state.agentId !== this.agentId) return Promise.reject(new NotOwnAgentError(this.agentId, state.agentId));
      const bytes = encode(subjects.presence(this.agentId), state);
      return this.storage('presence.set', async () => {
        await (await this.bucket()).put(this.agentId, bytes);
      });
    },
    watch: (listener: (state: PresenceState) => void): Promise<Unsubscribe> =>
      this.storage('presence.watch', () => this.watchPresence(listener)),
  };

  readonly history = {
    append: (entry: CallHistoryEntry): Promise<void> => {
      const id = newMessageId();
      const subject = subjects.history(this.agentId);
      const bytes = encode(subject, entry, { id });
      return this.storage('history.append', async () => {
        // msgID lets JetStream drop a duplicate if the append is retried after a lost ack.
        await this.js.publish(subject, bytes, { msgID: id });
      });
    },
    recent: (limit: number): Promise<CallHistoryEntry[]> => this.storage('history.recent', () => this.recentHistory(limit)),
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
   * Runs a JetStream operation. A request that times out or finds no responder is tried again
   * (with backoff, within storageRetryMs): in a cluster the leader that owned it may just have
   * gone, and a new one is elected within a second or so. Every operation here is safe to repeat
   * (appends carry a msgID that JetStream de-duplicates). Transport failures become BusErrors.
   */
  private async storage<T>(what: string, operation: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.options.storageRetryMs ?? 15_000);
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (error instanceof BusError || error instanceof ContractError) throw error;
        if (this.nc.isClosed()) throw new BusClosedError(what, { cause: error });
        const transient = error instanceof NatsError && (error.code === ErrorCode.Timeout || error.code === ErrorCode.NoResponders);
        if (!transient || Date.now() >= deadline) throw new BusTransportError(what, error);
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

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= this.nc.jetstreamManager({ checkAPI: false, timeout: this.options.jetstreamTimeoutMs ?? 2000 }).catch((error: unknown) => {
      this.jsm = null;
      throw error;
    });
    return this.jsm;
  }

  private bucket(): Promise<KV> {
    // Bind only: agents may not create buckets; provisionBusStorage does, with its own user.
    this.kv ??= this.js.views.kv(PRESENCE_BUCKET, { bindOnly: true, allow_direct: true }).catch((error: unknown) => {
      this.kv = null;
      throw error;
    });
    return this.kv;
  }

  /**
   * Watches the whole bucket. After a reconnect the watch is started afresh (rather than waiting for
   * nats.ws to notice missed heartbeats), so teammates' changes resume within the reconnect.
   */
  private async watchPresence(listener: (state: PresenceState) => void): Promise<Unsubscribe> {
    let stopped = false;
    let iterator: QueuedIterator<KvEntry> | null = null;
    const start = async (): Promise<void> => {
      const kv = await this.bucket();
      let initialized!: () => void;
      const ready = new Promise<void>((resolve) => (initialized = resolve));
      const it = await kv.watch({ key: '>', ignoreDeletes: true, initializedFn: () => initialized() });
      iterator = it;
      void (async () => {
        for await (const entry of it) {
          if (stopped) break;
          const state = decodePresence(this.ctx, entry.key, entry.value);
          if (state) listener(state);
        }
      })();
      await ready;
    };
    const restart = async (): Promise<void> => {
      iterator?.stop();
      for (let attempt = 0; !stopped && !this.nc.isClosed(); attempt++) {
        try {
          await start();
          return;
        } catch (error) {
          // JetStream may still be recovering right after a server restart: try again shortly.
          this.ctx.logger.warn(`bus: presence watch restart failed (${String(error)}); retrying`);
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)));
        }
      }
    };
    await start();
    const offReconnect = this.reconnected.add(() => void restart());
    return () => {
      stopped = true;
      offReconnect();
      iterator?.stop();
    };
  }

  /**
   * Reads the agent's history through a short-lived push consumer whose filter is the agent's own
   * subject (the only consumer the agent's permissions allow), collecting the num_pending messages
   * the server reported when it created the consumer.
   */
  private async recentHistory(limit: number): Promise<CallHistoryEntry[]> {
    const jsm = await this.manager();
    const subject = subjects.history(this.agentId);
    const inbox = createInbox(inboxPrefixFor(this.agentId));
    const name = `history_${this.agentId}_${newMessageId().replace(/-/g, '').slice(0, 12)}`;
    const entries: CallHistoryEntry[] = [];
    let received = 0;
    let expected = Number.POSITIVE_INFINITY;
    let done!: () => void;
    const complete = new Promise<void>((resolve) => (done = resolve));
    const sub = this.nc.subscribe(inbox, {
      callback: (error, msg) => {
        if (error) return;
        received += 1;
        deliver(this.ctx, subject, msg.data, (entry) => entries.push(entry));
        if (received >= expected) done();
      },
    });
    try {
      const info = await jsm.consumers.add(HISTORY_STREAM, {
        name,
        filter_subject: subject,
        deliver_subject: inbox,
        ack_policy: AckPolicy.None,
        deliver_policy: DeliverPolicy.All,
        // A throwaway reader: in memory, one replica even on an R3 stream, gone if left behind.
        mem_storage: true,
        num_replicas: 1,
        inactive_threshold: nanos(30_000),
      });
      expected = info.num_pending;
      if (received >= expected) done();
      const timeoutMs = this.options.requestTimeoutMs ?? 5000;
      await withTimeout(complete, timeoutMs, () => new RequestTimeoutError(`history of ${this.agentId}`, timeoutMs));
      await jsm.consumers.delete(HISTORY_STREAM, name).catch(() => undefined);
      return latestCalls(entries, limit);
    } finally {
      sub.unsubscribe();
    }
  }
}
