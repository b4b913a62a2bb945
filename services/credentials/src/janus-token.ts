import { createHmac } from 'node:crypto';

/**
 * How long a gateway token lasts unless told: minutes, not a shift. Janus checks the token on
 * every request, keepalives included, so the phone swaps in a renewed one as it goes.
 */
export const JANUS_TOKEN_TTL_SECONDS = 10 * 60;

/**
 * Mints a Janus HMAC token (janus.jcfg `token_auth_secret`): `<expiry>,janus,<plugin…>:<signature>`
 * with signature = base64(HMAC-SHA1(secret, "<expiry>,janus,<plugin…>")). In production a server
 * that knows who the agent is mints it; a page never sees the secret.
 */
export function signJanusToken(secret: string, { plugins = ['janus.plugin.sip'], ttlSeconds = JANUS_TOKEN_TTL_SECONDS, now = Date.now() } = {}): string {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const data = [String(expiry), 'janus', ...plugins].join(',');
  const signature = createHmac('sha1', secret).update(data).digest('base64');
  return `${data}:${signature}`;
}

/** When a Janus HMAC token expires, in ms since the epoch (read from its first field). */
export function janusTokenExpiresAt(token: string): number {
  const expiry = Number(token.slice(0, token.indexOf(',')));
  if (!Number.isInteger(expiry) || expiry <= 0) throw new RangeError('not a Janus HMAC token (it starts with its expiry in unix seconds)');
  return expiry * 1000;
}
