/**
 * The NATS permissions an agent's credentials need, and no more: derived from what this package's
 * client actually sends, so the server config (rendered from here) and the client stay in step.
 */
import { agentSubjectPrefix, subjects, type AgentId } from '@patchbay/contract';
import { HISTORY_STREAM, PRESENCE_BUCKET, PRESENCE_STREAM, inboxPrefixFor } from './names.js';

export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
  /** Lets the agent answer requests it received (the phone answers `query.call`). */
  allowResponses: true;
}

export function agentPermissions(agent: AgentId): NatsPermissions {
  const own = agentSubjectPrefix(agent);
  return {
    publish: [
      `${own}.>`,
      // Presence: write the own key only; read and watch the whole team.
      `$KV.${PRESENCE_BUCKET}.${agent}`,
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${PRESENCE_STREAM}`,
      `$JS.API.DIRECT.GET.${PRESENCE_STREAM}.>`,
      `$JS.API.CONSUMER.CREATE.${PRESENCE_STREAM}`,
      `$JS.API.CONSUMER.CREATE.${PRESENCE_STREAM}.>`,
      `$JS.API.CONSUMER.DELETE.${PRESENCE_STREAM}.>`,
      `$JS.FC.${PRESENCE_STREAM}.>`,
      // History: a consumer is allowed only with the own history subject as its filter (the
      // filter is part of the API subject since nats-server 2.9).
      `$JS.API.CONSUMER.CREATE.${HISTORY_STREAM}.*.${subjects.history(agent)}`,
      `$JS.API.CONSUMER.DELETE.${HISTORY_STREAM}.*`,
    ],
    subscribe: [`${own}.>`, `${inboxPrefixFor(agent)}.>`],
    allowResponses: true,
  };
}
