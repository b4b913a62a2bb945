/**
 * The bus store: the one NATS user with JetStream. It keeps the team's presence (a KV bucket) and
 * each agent's call history (a stream), and answers agents' `store.*` requests. Agents have no
 * JetStream API of their own (see permissions.ts for why); everything they store or read passes
 * through here, validated, rate-limited per agent, and answered only on the asking agent's inbox.
 */
import { DiscardPolicy, ErrorCode, Events, NatsError, RetentionPolicy, StorageType, connect, jwtAuthenticator, type KV, type Msg, type NatsConnection } from 'nats.ws';
import { DropCounter, SUBJECT_ROOT, decodeAny, encode, encodeReply, parseSubject, subjects, type AnyDecoded } from '@patchbay/contract';
import type { BusLogger } from '../bus.js';
import { retrying } from '../backoff.js';
import { consoleLogger } from '../deliver.js';
import { HISTORY_PER_AGENT, HISTORY_STREAM, HISTORY_SUBJECTS, PRESENCE_BUCKET, STORE_INBOX_PREFIX, STORE_QUEUE, historySubject, inboxPrefixFor } from '../names.js';
import { BUS_DEFAULTS } from '../options.js';
import { RateLimiter, type RateLimitOptions } from '../rate-limit.js';
import { historyPage } from './history-page.js';
import { PresenceMirror } from './presence-mirror.js';
import { readHistory } from './history-reader.js';
import { refusalFor, type StoreKind } from './refusals.js';

export interface BusStoreOptions {
  /** nats-server URLs (ws:// through nats.ws; all nodes of a cluster). */
  servers: string | string[];
  /** The store's user JWT and the seed of its user key (the store's creds: not a bearer JWT). */
  jwt: string;
  seed: string;
  /** 1 for one server, 3 for the 3-node cluster (the durability nats-server 2.9 offers). */
  replicas?: number;
  /** Store requests per agent: a sustained rate and a burst (default 20/s, burst 100). */
  rateLimit?: RateLimitOptions;
  logger?: BusLogger;
}

export interface BusStore {
  /** Requests answered, refused (with a reason) and dropped (no reply: a foreign reply subject). */
  readonly counts: { answered: number; refused: number; dropped: number };
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const STORE = BUS_DEFAULTS.store;

function isTransient(error: unknown): boolean {
  return error instanceof NatsError && (error.code === ErrorCode.Timeout || error.code === ErrorCode.NoResponders || error.code === ErrorCode.JetStream408RequestTimeout);
}

/**
 * Runs a JetStream operation, again with backoff while it fails transiently: in a cluster the
 * leader may just have gone, and a new one is elected within a second or so. Every operation here
 * is safe to repeat (appends carry a msgID that JetStream de-duplicates).
 */
function withRecovery<T>(operation: () => Promise<T>): Promise<T> {
  return retrying(operation, { withinMs: STORE.retryMs, backoff: STORE.retryBackoff, retryable: isTransient });
}

async function provision(nc: NatsConnection, replicas: number): Promise<KV> {
  const kv = await nc.jetstream({ timeout: STORE.jetstreamTimeoutMs }).views.kv(PRESENCE_BUCKET, { history: 1, replicas, storage: StorageType.File });
  const jsm = await nc.jetstreamManager({ timeout: STORE.jetstreamTimeoutMs });
  const config = {
    name: HISTORY_STREAM,
    subjects: [HISTORY_SUBJECTS],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: HISTORY_PER_AGENT,
    num_replicas: replicas,
  };
  const existing = await jsm.streams.info(HISTORY_STREAM).catch(() => null);
  if (existing) await jsm.streams.update(HISTORY_STREAM, config);
  else await jsm.streams.add(config);
  return kv;
}

/**
 * Connects (retrying while the servers are unreachable), creates the bucket and stream if they
 * are missing, and serves until stopped. Several instances may run: they share requests through
 * a queue group.
 */
export async function startBusStore(options: BusStoreOptions): Promise<BusStore> {
  const logger = options.logger ?? consoleLogger;
  const nc = await connect({
    servers: options.servers,
    authenticator: jwtAuthenticator(options.jwt, new TextEncoder().encode(options.seed)),
    name: 'patchbay-bus-store',
    inboxPrefix: STORE_INBOX_PREFIX,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
  });
  try {
    const kv = await provision(nc, options.replicas ?? STORE.replicas);
    const mirror = new PresenceMirror(kv, logger);
    await mirror.start();
    return serve(nc, kv, mirror, options, logger);
  } catch (error) {
    await nc.close();
    throw error;
  }
}

function serve(nc: NatsConnection, kv: KV, mirror: PresenceMirror, options: BusStoreOptions, logger: BusLogger): BusStore {
  const limiter = new RateLimiter(options.rateLimit ?? STORE.rateLimit);
  const drops = new DropCounter();
  const counts = { answered: 0, refused: 0, dropped: 0 };
  const js = nc.jetstream({ timeout: STORE.jetstreamTimeoutMs });
  const limited = new Map<string, number>();

  // The request subject is the reply's contract subject; the reply's shape is checked by encodeReply.
  const answer = (msg: Msg, reply: unknown): void => {
    msg.respond(encodeReply(msg.subject, reply as never));
  };
  const refuse = (msg: Msg, kind: StoreKind, reason: string): void => {
    counts.refused += 1;
    answer(msg, refusalFor(kind, reason));
  };

  const handle = async (msg: Msg, decoded: AnyDecoded & { ok: true }): Promise<void> => {
    const agent = decoded.meta.agentId;
    switch (decoded.kind) {
      case 'store.presence.set': {
        const bytes = encode(subjects.presence(agent), decoded.payload);
        const revision = await withRecovery(() => kv.put(agent, bytes));
        mirror.record(decoded.payload, revision);
        // The team hears it from here, the one writer, after it is stored.
        nc.publish(subjects.presence(agent), bytes);
        return answer(msg, { refused: null });
      }
      case 'store.presence.list':
        return answer(msg, { ...mirror.page(decoded.payload), refused: null });
      case 'store.history.append':
        // The agent's own envelope is stored as it came (validated): its id de-duplicates a retry.
        await withRecovery(() => js.publish(historySubject(agent), msg.data, { msgID: decoded.meta.id }));
        // The agent's other tabs (the call log) hear it from here, after it is stored.
        nc.publish(subjects.history(agent), encode(subjects.history(agent), decoded.payload));
        return answer(msg, { refused: null });
      case 'store.history.recent': {
        const entries = await withRecovery(() => readHistory(nc, agent, drops, logger));
        return answer(msg, { ...historyPage(entries, decoded.payload.limit), refused: null });
      }
      default:
        return undefined;
    }
  };

  const onRequest = (msg: Msg): void => {
    const parsed = parseSubject(msg.subject);
    if (!parsed?.kind.startsWith('store.')) return;
    const agent = parsed.agentId;
    const kind = parsed.kind as StoreKind;
    // Answer only on the asking agent's own inbox: any other reply subject would let one agent
    // make the store publish on another's subjects.
    if (!msg.reply?.startsWith(`${inboxPrefixFor(agent)}.`)) {
      counts.dropped += 1;
      logger.warn(`bus store: dropped ${kind} from ${agent}: reply subject ${JSON.stringify(msg.reply ?? '')} is not the agent's own inbox`);
      return;
    }
    if (!limiter.take(agent)) {
      const refusedSoFar = (limited.get(agent) ?? 0) + 1;
      limited.set(agent, refusedSoFar);
      // One line per agent per hundred refusals, not one per request: the flood must not flood the log.
      if (refusedSoFar % 100 === 1) logger.warn(`bus store: rate-limited ${agent} (${refusedSoFar} requests refused so far)`);
      refuse(msg, kind, 'rate limited: too many store requests from this agent');
      return;
    }
    const decoded = decodeAny(msg.subject, msg.data, drops);
    if (!decoded.ok) {
      logger.warn(`bus store: refused ${kind} from ${agent} (${decoded.code}): ${decoded.reason}`);
      refuse(msg, kind, `${decoded.code}: ${decoded.reason}`);
      return;
    }
    handle(msg, decoded).then(
      () => (counts.answered += 1),
      (error: unknown) => {
        logger.warn(`bus store: ${kind} for ${agent} failed: ${String(error)}`);
        refuse(msg, kind, `storage unavailable: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  };

  const sub = nc.subscribe(`${SUBJECT_ROOT}.agent.*.store.>`, { queue: STORE_QUEUE, callback: (error, msg) => (error ? undefined : onRequest(msg)) });
  void (async () => {
    for await (const event of nc.status()) {
      // Writes made through another instance while this one was cut off come back with the watch.
      if (event.type === Events.Reconnect) void mirror.restart();
    }
  })();

  const stop = async (): Promise<void> => {
    if (nc.isClosed()) return;
    sub.unsubscribe();
    mirror.stop();
    await nc.close();
  };
  return { counts, stop, [Symbol.asyncDispose]: stop };
}
