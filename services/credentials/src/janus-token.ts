import { createHmac } from 'node:crypto';

/**
 * Mints a Janus HMAC token (janus.jcfg `token_auth_secret`): `<expiry>,janus,<plugin…>:<signature>`
 * with signature = base64(HMAC-SHA1(secret, "<expiry>,janus,<plugin…>")). In production a server
 * that knows who the agent is mints it; a page never sees the secret.
 */
export function signJanusToken(
  secret: string,
  { plugins = ['janus.plugin.sip'], ttlSeconds = 24 * 3600, now = Date.now() } = {},
): string {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const data = [String(expiry), 'janus', ...plugins].join(',');
  const signature = createHmac('sha1', secret).update(data).digest('base64');
  return `${data}:${signature}`;
}
