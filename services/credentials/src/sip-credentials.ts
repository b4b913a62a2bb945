/**
 * Ephemeral SIP credentials for a registrar that verifies them with kamailio's auth_ephemeral
 * module (one shared secret, no per-user password table): the username is
 * `<expiry unix seconds>:<user>` (username_format 1) and the password
 * base64(HMAC-SHA256(secret, username)) (sha_algorithm 1). The scheme is that of TURN's REST
 * credentials (draft-uberti-behave-turn-rest-00, section 2.2). Pure: no I/O.
 */
import { createHmac } from 'node:crypto';

export interface SipCredentials {
  /** The user's SIP URI, `sip:<user>@<domain>`: what it registers and calls as. */
  username: string;
  /** `<expiry unix seconds>:<user>`. */
  authUser: string;
  /** base64(HMAC-SHA256(secret, authUser)). */
  password: string;
  /** When the registrar stops accepting them, in ms since the epoch (a whole second). */
  expiresAt: number;
  /** The registrar/proxy to send through, when not the URI's domain. */
  proxy?: string;
}

export interface SipCredentialRequest {
  /** The registrar's shared secret (auth_ephemeral's `secret`). */
  secret: string;
  /** The SIP user part, e.g. the Salesforce user id. */
  user: string;
  /** The SIP domain, `host` or `host:port`. */
  domain: string;
  /** Seconds the credentials are valid for, from `now`. */
  ttlSeconds: number;
  proxy?: string;
  /** ms since the epoch; defaults to the clock. */
  now?: number;
}

export function mintSipCredentials({ secret, user, domain, ttlSeconds, proxy, now = Date.now() }: SipCredentialRequest): SipCredentials {
  // auth_ephemeral splits the username at its first ':', and compares domains too when the user
  // part carries an '@': neither may appear in a user.
  if (!/^[^:@\s;<>]+$/.test(user)) throw new RangeError(`"${user}" cannot be a SIP user of ephemeral credentials (no ':', '@', ';', '<', '>' or spaces)`);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive whole number, not ${ttlSeconds}`);
  if (secret === '') throw new RangeError('the shared secret is empty');
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
