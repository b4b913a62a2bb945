/**
 * Where the bus keeps things on NATS. gateway-config/nats permissions are rendered from these
 * (permissions.ts), so a rename here cannot leave the server config behind.
 */
import { SUBJECT_ROOT, type AgentId } from '@patchbay/contract';

/** KV bucket of presence: key = agent id, value = encoded PresenceState. Only the bus store touches it. */
export const PRESENCE_BUCKET = 'pb_v1_presence';
/** The stream behind the bucket (nats.ws names it KV_<bucket>). */
export const PRESENCE_STREAM = `KV_${PRESENCE_BUCKET}`;

/**
 * Stream of call-history entries. Its subjects lie outside every agent's permissions: only the
 * bus store writes and reads them, so no agent can make JetStream deliver them anywhere.
 */
export const HISTORY_STREAM = 'PB_V1_HISTORY';
const HISTORY_ROOT = `${SUBJECT_ROOT}.store.history`;
export const HISTORY_SUBJECTS = `${HISTORY_ROOT}.*`;
/** Where one agent's history entries are stored. */
export function historySubject(agent: AgentId): string {
  return `${HISTORY_ROOT}.${agent}`;
}
/** Entries kept per agent; older ones are discarded by the server. */
export const HISTORY_PER_AGENT = 500;

/** Each agent's own inbox prefix, so one agent cannot read another's replies. */
export function inboxPrefixFor(agent: AgentId): string {
  return `_INBOX_${agent}`;
}

/** The bus store's own inbox prefix (its JetStream API replies and consumer deliveries). */
export const STORE_INBOX_PREFIX = '_INBOX_pbstore';
/** Queue group of the bus store's request subscriptions, so several instances share the work. */
export const STORE_QUEUE = 'pb-store';
