/**
 * SIP credentials the registrar verifies itself, with no per-agent table: kamailio's
 * auth_ephemeral (sha_algorithm 1, SHA-256) accepts the digest username `<expiry unix s>:<user>`
 * with the password base64(HMAC-SHA256(shared secret, username)) until the expiry, and
 * autheph_check_to/from refuse the credential for any other user part.
 */
import { createHmac } from 'node:crypto';

export interface SipCredentials {
  /** The agent's SIP URI (its address of record). */
  username: string;
  /** The digest username: `<expiry>:<user>`. */
  authUser: string;
  password: string;
  /** Epoch ms. */
  expiresAt: number;
  /** The registrar/proxy to send through, when not the URI's domain. */
  proxy?: string;
}

export function mintSipCredentials({
  secret,
  user,
  domain,
  ttlSeconds,
  proxy,
  now = Date.now(),
}: {
  secret: string;
  user: string;
  domain: string;
  ttlSeconds: number;
  proxy?: string;
  now?: number;
}): SipCredentials {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const authUser = `${expiry}:${user}`;
  return {
    username: `sip:${user}@${domain}`,
    authUser,
    password: createHmac('sha256', secret).update(authUser).digest('base64'),
    expiresAt: expiry * 1000,
    ...(proxy ? { proxy } : {}),
  };
}
