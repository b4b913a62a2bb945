/**
 * The Janus token as janus-gateway holds it, renewed in place.
 *
 * Janus checks the token (token_auth_secret HMAC, with its expiry) on every request, keepalives
 * included. janus-gateway (1.4.2) takes the session's token once, when the session is created, and
 * sets that same value on every session request (keepalive, claim, destroy) and, as each handle's
 * `token`, on every handle request, then sends `JSON.stringify(request)`. A string would go stale
 * while the session (and its call) is still up; this object is truthy where janus.js checks
 * `if (token)`, and serialises through toJSON() (and toString(), which the HTTP transport's
 * long-poll URL uses), so each request carries the token current when it is sent.
 */
export class LiveToken {
  private value = '';

  /** Every request from now on carries `token`. */
  set(token: string): void {
    this.value = token;
  }

  toJSON(): string {
    return this.value;
  }

  toString(): string {
    return this.value;
  }
}
