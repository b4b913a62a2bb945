/**
 * Where the bus keeps things on NATS. gateway-config/nats permissions are rendered from these
 * (permissions.ts), so a rename here cannot leave the server config behind.
 */
import { SUBJECT_ROOT, type AgentId } from '@patchbay/contract';

/** KV bucket of presence: key = agent id, value = encoded PresenceState. */
export const PRESENCE_BUCKET = 'pb_v1_presence';
/** The stream behind the bucket (nats.ws names it KV_<bucket>). */
export const PRESENCE_STREAM = `KV_${PRESENCE_BUCKET}`;

/** Stream of call-history entries, subjects pb.v1.agent.*.history. */
export const HISTORY_STREAM = 'PB_V1_HISTORY';
export const HISTORY_SUBJECTS = `${SUBJECT_ROOT}.agent.*.history`;
/** Entries kept per agent; older ones are discarded by the server. */
export const HISTORY_PER_AGENT = 500;

/** Each agent's own inbox prefix, so one agent cannot read another's replies. */
export function inboxPrefixFor(agent: AgentId): string {
  return `_INBOX_${agent}`;
}
