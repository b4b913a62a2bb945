/**
 * The server side of the NATS client protocol, parsed from whatever pieces the transport delivers:
 * one WebSocket frame may hold several operations, and one operation (a message payload above all)
 * may arrive split over several frames. Pure: bytes in, operations out, no I/O and no timers.
 *
 * Operations (nats-server's client protocol): INFO <json>, MSG <subject> <sid> [reply] <#bytes>,
 * HMSG <subject> <sid> [reply] <#header bytes> <#total bytes>, PING, PONG, +OK, -ERR '<message>';
 * each control line ends with CRLF, and a payload is followed by CRLF too.
 */

export type ServerOp =
  /** The server's INFO; of it the client needs only the largest payload it accepts. */
  | { readonly kind: 'info'; readonly maxPayload: number | null }
  | {
      readonly kind: 'msg';
      readonly subject: string;
      readonly sid: number;
      readonly reply: string | null;
      /** The HMSG header block ("NATS/1.0 503\r\n\r\n", say); null for a MSG. */
      readonly headers: Uint8Array | null;
      readonly data: Uint8Array;
    }
  | { readonly kind: 'ping' }
  | { readonly kind: 'pong' }
  | { readonly kind: 'ok' }
  /** The server's message without its quotes: `Permissions Violation for Publish to "x"`. */
  | { readonly kind: 'err'; readonly message: string };

/** Bytes that are not the NATS protocol: the connection cannot be trusted any further. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

const LF = 10;
const CR = 13;
const SPACE = /[ \t]+/;

/** A non-negative integer argument, or a ProtocolError naming the line. */
function count(text: string | undefined, line: string): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new ProtocolError(`bad size in ${JSON.stringify(line.slice(0, 200))}`);
  return n;
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** INFO's `max_payload`: nats-server closes the connection of a client that publishes more. */
function maxPayloadOf(json: string, line: string): number | null {
  let info: unknown;
  try {
    info = JSON.parse(json);
  } catch {
    throw new ProtocolError(`INFO is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
  }
  const value = typeof info === 'object' && info !== null ? (info as { max_payload?: unknown }).max_payload : undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

export class Parser {
  private readonly text = new TextDecoder();
  /** Bytes received but not yet parsed: an incomplete control line or payload. */
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  /** How many held bytes the incomplete operation needs; 0 while its control line is incomplete. */
  private needed = 0;

  /** Parses `chunk` after what came before; calls `emit` for each complete operation, in order. */
  parse(chunk: Uint8Array, emit: (op: ServerOp) => void): void {
    let buf = chunk;
    if (this.heldBytes > 0) {
      this.held.push(chunk);
      this.heldBytes += chunk.byteLength;
      // A long payload arriving in many frames is copied once, when it is complete.
      if (this.heldBytes < this.needed) return;
      buf = concat(this.held, this.heldBytes);
      this.held = [];
      this.heldBytes = 0;
    }
    this.needed = 0;
    let at = 0;
    while (at < buf.byteLength) {
      const lf = buf.indexOf(LF, at);
      if (lf < 0) break;
      const end = lf > at && buf[lf - 1] === CR ? lf - 1 : lf;
      const line = this.text.decode(buf.subarray(at, end));
      const op = this.control(line);
      if (op !== 'msg' && op !== 'hmsg') {
        at = lf + 1;
        emit(op);
        continue;
      }
      const args = line.split(SPACE);
      const headed = op === 'hmsg';
      const arity = args.length - 1;
      if (arity !== (headed ? 4 : 3) && arity !== (headed ? 5 : 4)) throw new ProtocolError(`bad ${op.toUpperCase()}: ${JSON.stringify(line.slice(0, 200))}`);
      const total = count(args[arity], line);
      const headerBytes = headed ? count(args[arity - 1], line) : 0;
      if (headerBytes > total) throw new ProtocolError(`header longer than message: ${JSON.stringify(line.slice(0, 200))}`);
      const start = lf + 1;
      const stop = start + total;
      if (stop + 2 > buf.byteLength) {
        this.needed = stop + 2 - at;
        break;
      }
      if (buf[stop] !== CR || buf[stop + 1] !== LF) throw new ProtocolError(`payload longer than announced: ${JSON.stringify(line.slice(0, 200))}`);
      at = stop + 2;
      emit({
        kind: 'msg',
        subject: args[1]!,
        sid: count(args[2], line),
        reply: arity === (headed ? 5 : 4) ? args[3]! : null,
        headers: headed ? buf.subarray(start, start + headerBytes) : null,
        data: buf.subarray(start + headerBytes, stop),
      });
    }
    if (at < buf.byteLength) {
      this.held = [buf.subarray(at)];
      this.heldBytes = buf.byteLength - at;
    }
  }

  /** The operation of a control line; 'msg'/'hmsg' when a payload follows. */
  private control(line: string): Exclude<ServerOp, { kind: 'msg' }> | 'msg' | 'hmsg' {
    const space = line.search(SPACE);
    const name = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    switch (name) {
      case 'MSG':
        return 'msg';
      case 'HMSG':
        return 'hmsg';
      case 'PING':
        return { kind: 'ping' };
      case 'PONG':
        return { kind: 'pong' };
      case '+OK':
        return { kind: 'ok' };
      case 'INFO':
        return { kind: 'info', maxPayload: maxPayloadOf(space < 0 ? '' : line.slice(space + 1), line) };
      case '-ERR':
        return {
          kind: 'err',
          message:
            space < 0
              ? ''
              : line
                  .slice(space + 1)
                  .trim()
                  .replace(/^'(.*)'$/, '$1'),
        };
      default:
        throw new ProtocolError(`unknown operation ${JSON.stringify(line.slice(0, 200))}`);
    }
  }
}

/**
 * The status an HMSG's header block carries ("NATS/1.0 503" → 503: no responders), or null. The
 * client sends no headers; this is all it reads of them.
 */
export function headerStatus(headers: Uint8Array): number | null {
  const match = /^NATS\/1\.0[ \t]+(\d{3})/.exec(new TextDecoder().decode(headers.subarray(0, 32)));
  return match ? Number(match[1]) : null;
}
