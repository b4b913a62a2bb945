import type { PresenceState } from '@patchbay/contract';
import type { BusLogger, Unsubscribe } from './bus.js';

export interface PresenceFollowing {
  /** Live presence changes, as the bus store publishes them. */
  listen(onState: (state: PresenceState) => void): Unsubscribe;
  /** Every stored presence now. */
  loadAll(): Promise<PresenceState[]>;
  onReconnect(run: () => void): Unsubscribe;
  listener: (state: PresenceState) => void;
  logger: BusLogger;
}

/**
 * The team's presence: what is stored, then each change live. Live changes are listened to before
 * the stored ones are read, so none falls between; one that came in meanwhile is passed on after
 * them unless the stored one is newer. After a reconnect the stored presence is read again, which
 * brings in what changed while the link was down.
 */
export async function followPresence({ listen, loadAll, onReconnect, listener, logger }: PresenceFollowing): Promise<Unsubscribe> {
  let held: PresenceState[] | null = [];
  let stopped = false;
  const offLive = listen((state) => {
    if (held) held.push(state);
    else listener(state);
  });
  const load = async (): Promise<void> => {
    held ??= [];
    const stored = await loadAll();
    const since = new Map(stored.map((state) => [state.agentId, state.since]));
    const meanwhile = held;
    held = null;
    if (stopped) return;
    for (const state of stored) listener(state);
    for (const state of meanwhile) if (state.since >= (since.get(state.agentId) ?? 0)) listener(state);
  };
  try {
    await load();
  } catch (error) {
    offLive();
    throw error;
  }
  const offReconnect = onReconnect(() => {
    load().catch((error: unknown) => logger.warn(`bus: presence reload after reconnect failed: ${String(error)}`));
  });
  return () => {
    stopped = true;
    offLive();
    offReconnect();
  };
}
