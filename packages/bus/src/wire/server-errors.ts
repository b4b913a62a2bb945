/**
 * What a `-ERR` from nats-server means for the client. The server keeps the connection after a
 * permissions violation and closes it after any other error (nats-server's client protocol).
 */

export type ServerError =
  /** A publish or subscription outside the user's permissions; the connection stays. */
  | { readonly kind: 'permission'; readonly operation: 'publish' | 'subscription'; readonly subject: string; readonly message: string }
  /** The credentials were refused or expired; the server closes the connection. */
  | { readonly kind: 'auth'; readonly message: string }
  /** Anything else (stale connection, slow consumer, a protocol error); the server closes the connection. */
  | { readonly kind: 'other'; readonly message: string };

// `Permissions Violation for Subscription to "x" using queue "q"` names the subject first.
const PERMISSION = /^Permissions Violation for (Publish|Subscription) to "([^"]*)"/i;
const AUTH = /^(Authorization Violation|Authentication Timeout|(User|Account) Authentication (Expired|Revoked))/i;

export function classifyServerError(message: string): ServerError {
  const permission = PERMISSION.exec(message);
  if (permission) {
    const operation = permission[1]!.toLowerCase() === 'publish' ? 'publish' : 'subscription';
    return { kind: 'permission', operation, subject: permission[2]!, message };
  }
  return { kind: AUTH.test(message) ? 'auth' : 'other', message };
}
