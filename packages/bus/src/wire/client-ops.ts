/**
 * The client side of the NATS protocol: the control lines this client sends, as text. Payloads go
 * beside them as bytes (see the client's writer). Subjects and reply subjects never hold spaces.
 */

export const PING = 'PING\r\n';
export const PONG = 'PONG\r\n';
export const CRLF = '\r\n';

export interface ConnectFields {
  /** The user JWT; a bearer JWT needs no signature of the server's nonce. */
  readonly jwt: string;
  /** Shown in nats-server's monitoring (connz). */
  readonly name: string;
}

/**
 * CONNECT: no +OK for every operation (verbose false); headers on, so that a request nobody
 * answers comes back at once as a 503 status instead of timing out (no_responders).
 */
export function connectOp({ jwt, name }: ConnectFields): string {
  const fields = { jwt, name, lang: 'patchbay', version: '1', protocol: 1, verbose: false, pedantic: false, headers: true, no_responders: true };
  return `CONNECT ${JSON.stringify(fields)}\r\n`;
}

/** PUB's control line for a payload of `size` bytes; the payload and CRLF follow. */
export function pubOp(subject: string, reply: string | null, size: number): string {
  return reply === null ? `PUB ${subject} ${size}\r\n` : `PUB ${subject} ${reply} ${size}\r\n`;
}

export function subOp(subject: string, sid: number): string {
  return `SUB ${subject} ${sid}\r\n`;
}

export function unsubOp(sid: number): string {
  return `UNSUB ${sid}\r\n`;
}
