/**
 * The agent's short-lived bus and SIP credentials. They never sit in call center settings (every
 * user of the call center can read those); an Apex class answers for the current user only
 * (apex/PatchbayAgentCredentials.cls).
 */
import { InvalidCredentialsError } from './errors.js';
import type { OpenCti } from './types.js';
import { isRecord } from './values.js';

export interface AgentCredentials {
  /** The Salesforce user id the credentials belong to. */
  agentId: string;
  /** nats-server user and password (a signed token). */
  bus: { user: string; token: string; expiresAt: number };
  /** Janus token for the SIP plugin (janus.jcfg token_auth_secret HMAC). */
  gateway: { token: string; expiresAt: number };
  /**
   * `username` is the agent's SIP URI (sip:user@domain); `authUser` and `password` the credential
   * the registrar verifies (ephemeral: `<expiry unix seconds>:<user>`); `proxy` the registrar
   * when not the domain.
   */
  sip: { username: string; authUser: string; password: string; expiresAt: number; proxy?: string };
}

export const CREDENTIALS_APEX = { apexClass: 'PatchbayAgentCredentials', methodName: 'getCredentials' } as const;

export async function fetchAgentCredentials(openCti: OpenCti): Promise<AgentCredentials> {
  const answer = await openCti.runApex({ ...CREDENTIALS_APEX, methodParams: {} });
  return parseAgentCredentials(answer);
}

/** The Apex method returns a JSON string; anything else is refused with what was wrong. */
export function parseAgentCredentials(answer: unknown): AgentCredentials {
  let value: unknown = answer;
  if (typeof answer === 'string') {
    try {
      value = JSON.parse(answer) as unknown;
    } catch {
      throw new InvalidCredentialsError('The credentials answer is not JSON');
    }
  }
  const problems: string[] = [];
  const text = (object: unknown, key: string, path: string): string => {
    const field = isRecord(object) ? object[key] : undefined;
    if (typeof field !== 'string' || field === '') problems.push(`${path} is missing`);
    return typeof field === 'string' ? field : '';
  };
  const time = (object: unknown, path: string): number => {
    const field = isRecord(object) ? object.expiresAt : undefined;
    if (typeof field !== 'number' || !Number.isFinite(field)) problems.push(`${path}.expiresAt is not a time`);
    return typeof field === 'number' ? field : 0;
  };
  const bus = isRecord(value) ? value.bus : undefined;
  const gateway = isRecord(value) ? value.gateway : undefined;
  const sip = isRecord(value) ? value.sip : undefined;
  // Checked in field order, so the message reads like the answer.
  const agent = text(value, 'agentId', 'agentId');
  const busCredentials = { user: text(bus, 'user', 'bus.user'), token: text(bus, 'token', 'bus.token'), expiresAt: time(bus, 'bus') };
  const gatewayCredentials = { token: text(gateway, 'token', 'gateway.token'), expiresAt: time(gateway, 'gateway') };
  const username = text(sip, 'username', 'sip.username');
  if (username !== '' && !/^sips?:[^@\s]+@[^@\s]+$/.test(username)) problems.push('sip.username is not a sip:user@domain URI');
  const proxy = isRecord(sip) ? sip.proxy : undefined;
  if (proxy !== undefined && (typeof proxy !== 'string' || !proxy.startsWith('sip:'))) problems.push('sip.proxy is not a sip: URI');
  const credentials: AgentCredentials = {
    agentId: agent,
    bus: busCredentials,
    gateway: gatewayCredentials,
    sip: {
      username,
      authUser: text(sip, 'authUser', 'sip.authUser'),
      password: text(sip, 'password', 'sip.password'),
      expiresAt: time(sip, 'sip'),
      ...(typeof proxy === 'string' ? { proxy } : {}),
    },
  };
  if (problems.length > 0) throw new InvalidCredentialsError(`The credentials answer is not usable: ${problems.join('; ')}`);
  return credentials;
}
