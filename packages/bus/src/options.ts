/** The bus's options and their defaults, in one place: the NATS transport's, the in-page bus's and the bus store's. */
import type { AgentId } from '@patchbay/contract';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { BusLogger } from './bus.js';

export interface NatsBusOptions {
  /** WebSocket URL(s) of nats-server, e.g. ws://127.0.0.1:<port>; all nodes of a cluster. */
  servers: string | string[];
  agentId: AgentId;
  /**
   * The agent's user JWT (bearer, short-lived), or where to read it: a function is asked at every
   * (re)connect, so a JWT renewed in the meantime is the one the server sees.
   */
  jwt: string | (() => string);
  /** Connection name shown by the server's monitoring (default `patchbay-<agent>`). */
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
  /** Delays between reconnect attempts (default 250 ms doubling to 5 s, jitter 50%). */
  backoff?: BackoffOptions;
  /** Client PING interval, ms: how fast a silently dead link is noticed (default 5000). */
  pingIntervalMs?: number;
}

export const BUS_DEFAULTS = {
  publishTimeoutMs: 30_000,
  outboxLimit: 1000,
  /** Both transports' request timeout. */
  requestTimeoutMs: 5000,
  /** How long a widget that loads waits for the phone's latest call snapshot (followCallState). */
  catchUpTimeoutMs: 2000,
  /** Between catch-ups nobody answered: 250 ms doubling to 5 s. */
  catchUpBackoff: { initialMs: 250, maxMs: 5000, jitter: 0.5 },
  storageRetryMs: 15_000,
  /** Between tries of a store request nobody answered: 100 ms doubling to 2 s. */
  storageBackoff: { initialMs: 100, maxMs: 2000, jitter: 0 },
  backoff: DEFAULT_BACKOFF,
  pingIntervalMs: 5000,
  /** PINGs unanswered before the link counts as dead: two intervals. */
  maxPingOut: 2,
  /** From opening the WebSocket to the handshake's PONG, ms. */
  connectTimeoutMs: 10_000,
  /** The bus store (BusStoreOptions and its fixed timings). */
  store: {
    replicas: 1,
    rateLimit: { perSecond: 20, burst: 100 },
    /** One JetStream operation's timeout; a failover retries after it. */
    jetstreamTimeoutMs: 2000,
    /** How long a store operation keeps retrying while JetStream recovers (a new leader, a restart). */
    retryMs: 10_000,
    retryBackoff: { initialMs: 100, maxMs: 2000, jitter: 0 },
    /** Between restarts of the presence watch after a reconnect. */
    watchRestartBackoff: { initialMs: 100, maxMs: 5000, jitter: 0 },
  },
} as const;
