import { InvalidAgentIdError } from './errors.js';

declare const agentBrand: unique symbol;

/**
 * An agent id that is safe as one NATS subject token and one KV key: a Salesforce user id (15 or
 * 18 alphanumerics) or a stable id derived from it. No dots, wildcards or spaces, so an id can never
 * widen a subject (`a.>`) or escape the agent's permissions.
 */
export type AgentId = string & { readonly [agentBrand]: true };

const AGENT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export function isAgentId(value: unknown): value is AgentId {
  return typeof value === 'string' && AGENT_TOKEN.test(value);
}

/** Checks and brands an agent id; throws InvalidAgentIdError with what is allowed. */
export function agentId(value: string): AgentId {
  if (!isAgentId(value)) throw new InvalidAgentIdError(value);
  return value;
}
