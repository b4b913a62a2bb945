/**
 * The credentials service: `POST /v1/credentials` with `{ "assertion": "<JWS>" }` answers the
 * agent's short-lived credentials, each verified by the part it is presented to:
 * - bus: a NATS user JWT signed with the account's signing key (nats-server checks it);
 * - gateway: a Janus HMAC token (`token_auth_secret`; Janus checks it on every request);
 * - sip: credentials the registrar verifies itself.
 * A refused assertion gets 401 with `{ error: <code>, message }`. Nothing is stored per agent.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { agentPermissions } from '@patchbay/bus/permissions';
import { agentId as toAgentId } from '@patchbay/contract';
import type { AgentCredentials } from '@patchbay/opencti';
import { AssertionRefusedError, ReplayGuard, verifyAssertion, type AssertionTrust } from './assertion.js';
import { signJanusToken } from './janus-token.js';
import { mintUser, type AccountSigner } from './nats-trust.js';

/** The agent's SIP credentials, as the registrar verifies them. */
export type SipMinter = (agentId: string, ttlSeconds: number, now: number) => AgentCredentials['sip'];

export interface CredentialsServiceOptions {
  host?: string;
  /** 0 for any free port. */
  port: number;
  /**
   * The certificate and key (PEM) to serve https with: the shell runs in an https page and cannot
   * fetch http. Leave it out only behind a proxy that terminates TLS.
   */
  tls?: { cert: string; key: string };
  assertion: AssertionTrust;
  nats: AccountSigner;
  gatewayTokenSecret: string;
  sip: SipMinter;
  /** How long every credential lasts, seconds (default 600: minutes, not a shift). */
  ttlSeconds?: number;
  /** Page origins allowed to call the service (the shell's); answered with CORS headers. */
  allowedOrigins: readonly string[];
  logger?: { info(message: string): void; warn(message: string): void };
  /** Told of each answer issued (the lab keeps them for its tests); nothing by default. */
  onIssued?: (credentials: AgentCredentials) => void;
}

export interface CredentialsService {
  readonly url: string;
  readonly counts: { issued: number; refused: number };
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export const CREDENTIALS_PATH = '/v1/credentials';
/** The service's defaults, in one place. */
export const CREDENTIALS_DEFAULTS = {
  host: '127.0.0.1',
  /** Life of the credentials it issues. */
  ttlSeconds: 600,
  /** Longest-lived assertion accepted (PB_CREDENTIALS_* configuration has no setting for it). */
  assertionMaxLifetimeSeconds: 300,
} as const;
const MAX_BODY_BYTES = 16 * 1024;

class BadRequestError extends Error {}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) throw new BadRequestError(`the request is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadRequestError('the request is not JSON');
  }
}

/** Everything the agent needs, each part for `ttlSeconds`. */
export async function mintAgentCredentials(agent: string, options: Pick<CredentialsServiceOptions, 'nats' | 'gatewayTokenSecret' | 'sip' | 'ttlSeconds'>, now = Date.now()): Promise<AgentCredentials> {
  const ttlSeconds = options.ttlSeconds ?? CREDENTIALS_DEFAULTS.ttlSeconds;
  const expiresAt = now + ttlSeconds * 1000;
  const bus = await mintUser(options.nats, agent, agentPermissions(toAgentId(agent)), { ttlSeconds, bearer: true, now });
  return {
    agentId: agent,
    bus: { jwt: bus.jwt, expiresAt },
    gateway: { token: signJanusToken(options.gatewayTokenSecret, { ttlSeconds, now }), expiresAt },
    sip: options.sip(agent, ttlSeconds, now),
  };
}

export async function startCredentialsService(options: CredentialsServiceOptions): Promise<CredentialsService> {
  const replays = new ReplayGuard();
  const counts = { issued: 0, refused: 0 };
  const log = options.logger ?? { info: () => undefined, warn: (message: string) => console.warn(message) };
  const allowed = new Set(options.allowedOrigins);

  const answer = (response: ServerResponse, status: number, body: unknown, origin: string | undefined): void => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    if (origin && allowed.has(origin)) {
      headers['access-control-allow-origin'] = origin;
      headers['vary'] = 'Origin';
    }
    response.writeHead(status, headers);
    response.end(JSON.stringify(body));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const origin = request.headers.origin;
    if (request.url !== CREDENTIALS_PATH) return answer(response, 404, { error: 'NOT-FOUND', message: `only POST ${CREDENTIALS_PATH}` }, origin);
    // A page elsewhere may not even ask (the browser enforces it; the check is for the log too).
    if (origin !== undefined && !allowed.has(origin)) {
      log.warn(`credentials: refused a request from origin ${origin}`);
      return answer(response, 403, { error: 'ORIGIN', message: `origin ${origin} is not allowed` }, undefined);
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-origin': origin ?? '',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
      response.end();
      return;
    }
    if (request.method !== 'POST') return answer(response, 405, { error: 'METHOD', message: 'use POST' }, origin);
    try {
      const body = await readBody(request);
      const assertion = typeof body === 'object' && body !== null ? (body as { assertion?: unknown }).assertion : undefined;
      if (typeof assertion !== 'string') throw new BadRequestError('the request has no assertion');
      const verified = verifyAssertion(assertion, options.assertion);
      replays.claim(verified);
      const credentials = await mintAgentCredentials(verified.agentId, options);
      counts.issued += 1;
      options.onIssued?.(credentials);
      log.info(`credentials: issued to ${verified.agentId}`);
      answer(response, 200, credentials, origin);
    } catch (error) {
      if (error instanceof AssertionRefusedError) {
        counts.refused += 1;
        log.warn(`credentials: refused (${error.code}): ${error.message}`);
        return answer(response, 401, { error: error.code, message: error.message }, origin);
      }
      if (error instanceof BadRequestError) return answer(response, 400, { error: 'BAD-REQUEST', message: error.message }, origin);
      log.warn(`credentials: failed: ${String(error)}`);
      answer(response, 500, { error: 'INTERNAL', message: 'the credentials service failed; try again' }, origin);
    }
  };

  const listener = (request: IncomingMessage, response: ServerResponse): void => void handle(request, response);
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? CREDENTIALS_DEFAULTS.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `${options.tls ? 'https' : 'http'}://${options.host ?? CREDENTIALS_DEFAULTS.host}:${port}${CREDENTIALS_PATH}`, counts, stop, [Symbol.asyncDispose]: stop };
}
