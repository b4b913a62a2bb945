/**
 * The agent's short-lived bus, gateway and SIP credentials. They never sit in call center settings
 * (every user of the call center can read those). Salesforce asserts who the agent is: an Apex class
 * answers, for the current user only, an assertion signed with the org's certificate and where to
 * exchange it (force-app's PatchbayAgentCredentials); the credentials service checks the assertion and
 * answers the credentials, each of which the part it is presented to verifies.
 */
import { CredentialsRefusedError, InvalidCredentialsError } from './errors.js';
import type { OpenCti } from './types.js';
import { isRecord } from './values.js';

export interface AgentCredentials {
  /** The Salesforce user id the credentials belong to. */
  agentId: string;
  /** The agent's NATS user JWT (a bearer JWT nats-server verifies, with the agent's permissions in it). */
  bus: { jwt: string; expiresAt: number };
  /** Janus token for the SIP plugin (janus.jcfg token_auth_secret HMAC). */
  gateway: { token: string; expiresAt: number };
  /**
   * `username` is the agent's SIP URI (sip:user@domain); `authUser` and `password` the credential
   * the registrar verifies (ephemeral: `<expiry unix seconds>:<user>`); `proxy` the registrar
   * when not the domain.
   */
  sip: { username: string; authUser: string; password: string; expiresAt: number; proxy?: string };
}

/** What the Apex class answers: a short-lived signed assertion of the user, and where to exchange it. */
export interface AgentAssertion {
  /** A compact JWS (RS256) signed with the org's certificate. */
  assertion: string;
  /** The credentials service's https URL (http on loopback). */
  exchangeUrl: string;
}

export const ASSERTION_APEX = { apexClass: 'PatchbayAgentCredentials', methodName: 'getAssertion' } as const;

function jsonOf(answer: unknown, what: string): unknown {
  if (typeof answer !== 'string') return answer;
  try {
    return JSON.parse(answer) as unknown;
  } catch {
    throw new InvalidCredentialsError(`The ${what} is not JSON`);
  }
}

export async function fetchAgentAssertion(openCti: OpenCti): Promise<AgentAssertion> {
  return parseAgentAssertion(await openCti.runApex({ ...ASSERTION_APEX, methodParams: {} }));
}

export function parseAgentAssertion(answer: unknown): AgentAssertion {
  const value = jsonOf(answer, 'assertion answer');
  const assertion = isRecord(value) ? value.assertion : undefined;
  const exchangeUrl = isRecord(value) ? value.exchangeUrl : undefined;
  if (typeof assertion !== 'string' || assertion.split('.').length !== 3) throw new InvalidCredentialsError('The assertion answer has no signed assertion');
  let url: URL;
  try {
    url = new URL(String(exchangeUrl));
  } catch {
    throw new InvalidCredentialsError('The assertion answer has no exchange URL');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  // The assertion is a bearer secret for minutes: it travels over TLS anywhere but loopback.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new InvalidCredentialsError(`The exchange URL ${url.href} is not https`);
  return { assertion, exchangeUrl: url.href };
}

/** Presents the assertion to the credentials service and reads the credentials it answers. */
export async function exchangeAssertion(grant: AgentAssertion, fetchImpl: typeof fetch = fetch): Promise<AgentCredentials> {
  let response: Response;
  try {
    response = await fetchImpl(grant.exchangeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assertion: grant.assertion }),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (cause) {
    throw new CredentialsRefusedError('CREDENTIALS_UNREACHABLE', `The credentials service at ${grant.exchangeUrl} could not be reached`, { cause });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const code = isRecord(body) && typeof body.error === 'string' ? body.error : `HTTP_${response.status}`;
    const message = isRecord(body) && typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
    throw new CredentialsRefusedError(code, `The credentials service refused: ${message}`);
  }
  return parseAgentCredentials(body);
}

/** Inside Salesforce: the assertion from Apex, exchanged for the credentials. */
export async function fetchAgentCredentials(openCti: OpenCti): Promise<AgentCredentials> {
  return exchangeAssertion(await fetchAgentAssertion(openCti));
}

/** The service's answer (or the lab's, standalone); anything but usable credentials is refused with what was wrong. */
export function parseAgentCredentials(answer: unknown): AgentCredentials {
  const value = jsonOf(answer, 'credentials answer');
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
  const busCredentials = { jwt: text(bus, 'jwt', 'bus.jwt'), expiresAt: time(bus, 'bus') };
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
