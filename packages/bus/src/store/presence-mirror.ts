import { PRESENCE_PAGE_MAX, decodeAny, isAgentId, subjects, type PresenceList, type PresenceListQuery, type PresenceState } from '@patchbay/contract';
import type { KV, KvEntry, QueuedIterator } from 'nats.ws';
import { Backoff, pause } from '../backoff.js';
import type { BusLogger } from '../bus.js';
import { BUS_DEFAULTS } from '../options.js';
import { fitInReply } from './fit.js';

/**
 * The presence bucket held in memory by a watch, so a page of the team is read without a
 * JetStream round trip per agent. Every write goes through the store, and the watch brings in
 * those of other store instances.
 */
export class PresenceMirror {
  private readonly states = new Map<string, PresenceState>();
  /** The bucket revision each held state was stored at: a watch lagging behind a write never undoes it. */
  private readonly revisions = new Map<string, number>();
  private watch: QueuedIterator<KvEntry> | null = null;
  private stopped = false;

  constructor(
    private readonly kv: KV,
    private readonly logger: BusLogger,
  ) {}

  /** Loads the bucket and follows it; resolves once every stored value is in. */
  async start(): Promise<void> {
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => (initialized = resolve));
    const watch = await this.kv.watch({ key: '>', initializedFn: () => initialized() });
    this.watch = watch;
    void (async () => {
      for await (const entry of watch) this.apply(entry);
    })();
    await ready;
  }

  /** Starts the watch afresh (after a reconnect), retrying while JetStream recovers. */
  async restart(): Promise<void> {
    this.watch?.stop();
    const backoff = new Backoff(BUS_DEFAULTS.store.watchRestartBackoff);
    while (!this.stopped) {
      try {
        await this.start();
        return;
      } catch (error) {
        this.logger.warn(`bus store: presence watch restart failed (${String(error)}); retrying`);
        await pause(backoff.next());
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
  }

  /** A write this instance just stored at `revision`, in before its watch brings it. */
  record(state: PresenceState, revision: number): void {
    this.hold(state.agentId, state, revision);
  }

  page(query: PresenceListQuery): Omit<PresenceList, 'refused'> {
    if (query.agent !== undefined) {
      const one = this.states.get(query.agent);
      return { states: one ? [one] : [], next: null };
    }
    const after = query.after;
    const ids = [...this.states.keys()].filter((id) => after === undefined || id > after).sort();
    const states = fitInReply(ids.slice(0, PRESENCE_PAGE_MAX).map((id) => this.states.get(id) as PresenceState));
    const last = states.at(-1);
    return { states, next: last && states.length < ids.length ? last.agentId : null };
  }

  private apply(entry: KvEntry): void {
    if (entry.operation !== 'PUT') {
      this.states.delete(entry.key);
      this.revisions.delete(entry.key);
      return;
    }
    const decoded = isAgentId(entry.key) ? decodeAny(subjects.presence(entry.key), entry.value) : null;
    if (!decoded?.ok || decoded.kind !== 'presence') {
      this.logger.warn(`bus store: ignored the stored presence of ${JSON.stringify(entry.key)}: ${decoded && !decoded.ok ? decoded.reason : 'not an agent id'}`);
      return;
    }
    this.hold(entry.key, decoded.payload, entry.revision);
  }

  private hold(agent: string, state: PresenceState, revision: number): void {
    if ((this.revisions.get(agent) ?? 0) > revision) return;
    this.states.set(agent, state);
    this.revisions.set(agent, revision);
  }
}
