/**
 * The NATS permissions of an agent and of the bus store, and no more: derived from what this
 * package's client and store actually send, so the server config (rendered from here) and the
 * code stay in step.
 *
 * The rule they keep: no agent can make the server deliver anything on a subject the agent could
 * not publish to itself. Hence agents get no JetStream API at all (a consumer's deliver subject and
 * a request's reply subject are not checked against the caller's permissions by nats-server, and a
 * direct get or a consumer would deliver stored bytes there), and no `allow_responses` (which lets
 * a client answer a request whose reply subject its own other connection chose: another agent's
 * command subject, say). Agents answer each other's tabs on their own inbox prefix instead.
 */
import { SUBJECT_ROOT, agentSubjectPrefix, subjects, type AgentId } from '@patchbay/contract';
import { HISTORY_SUBJECTS, PRESENCE_BUCKET, STORE_INBOX_PREFIX, inboxPrefixFor } from './names.js';

export interface NatsPermissions {
  publish: string[];
  /** Subjects refused even where `publish` allows them. */
  publishDeny: string[];
  subscribe: string[];
  /** Lets the user answer requests it received, on whatever reply subject they carry. */
  allowResponses: boolean;
}

/** Every agent's presence subject, which agents may watch and only the store publishes. */
export const TEAM_PRESENCE = `${SUBJECT_ROOT}.agent.*.presence`;
/** Every agent's history announcements (each agent subscribes only its own). */
const HISTORY_ANNOUNCEMENTS = `${SUBJECT_ROOT}.agent.*.history`;

export function agentPermissions(agent: AgentId): NatsPermissions {
  const own = agentSubjectPrefix(agent);
  const inbox = `${inboxPrefixFor(agent)}.>`;
  return {
    // The own inbox: the tab that runs the phone answers `query.call` from the agent's other tabs.
    publish: [`${own}.>`, inbox],
    // Presence and history are announced only by the store, once it has stored them.
    publishDeny: [subjects.presence(agent), subjects.history(agent)],
    subscribe: [`${own}.>`, inbox, TEAM_PRESENCE],
    allowResponses: false,
  };
}

/**
 * The bus store: the one user with JetStream, confined to the presence bucket and the history
 * stream. It answers agents' requests (`allow_responses`) and checks each reply subject is the
 * requesting agent's own inbox before it answers.
 */
export function storePermissions(): NatsPermissions {
  return {
    publish: ['$JS.API.>', `$KV.${PRESENCE_BUCKET}.>`, HISTORY_SUBJECTS, TEAM_PRESENCE, HISTORY_ANNOUNCEMENTS],
    publishDeny: [],
    subscribe: [`${SUBJECT_ROOT}.agent.*.store.>`, `${STORE_INBOX_PREFIX}.>`],
    allowResponses: true,
  };
}
