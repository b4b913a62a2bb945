/**
 * Which browser frames the guard forwards to Janus. Pure: a frame in, a verdict out.
 *
 * Janus answers `info` (its version, log path, library versions, plugins, ICE settings) and
 * `ping` before it checks the token, and no setting closes them. The guard forwards only what the
 * phone's client (npm janus-gateway) sends, and `attach` only to the SIP plugin; Janus still checks
 * the token of everything it gets.
 */

/** The WebSocket subprotocol of the Janus API; the guard speaks it to both sides. */
export const JANUS_PROTOCOL = 'janus-protocol';

/** The only plugin a page may attach to. */
export const SIP_PLUGIN = 'janus.plugin.sip';

/** Largest frame forwarded; the biggest the phone sends is a `message` with an SDP offer, a few KiB. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Every request janus-gateway sends over a WebSocket: `create`, `claim` (a reconnect), `keepalive`,
 * `attach`, `message`, `trickle`, `detach`, `hangup` (it closed a PeerConnection), `destroy`.
 * Matched exactly: Janus ignores case in request names, so `INFO` must not pass as something else.
 */
const FORWARDED: ReadonlySet<string> = new Set(['create', 'claim', 'keepalive', 'attach', 'message', 'trickle', 'detach', 'hangup', 'destroy']);

/** Requests Janus answers without a token; janus-gateway sends `info` only from getInfo(), which the phone never calls. */
const UNAUTHENTICATED: ReadonlySet<string> = new Set(['info', 'ping']);

/** Janus's own API error codes, so janus-gateway reports a refusal as it would one of Janus's. */
export const JanusErrorCode = {
  UNAUTHORIZED: 403,
  UNAUTHORIZED_PLUGIN: 405,
  INVALID_JSON: 454,
  MISSING_MANDATORY_ELEMENT: 456,
  INVALID_REQUEST_PATH: 457,
} as const;

export type Verdict =
  | { readonly forward: true }
  | {
      readonly forward: false;
      readonly code: number;
      /** Why, for the operator's log and the `reason` of the error the page gets. */
      readonly reason: string;
      /** The Janus-shaped error to send back instead of forwarding. */
      readonly reply: string;
    };

const FORWARD: Verdict = { forward: true };

/** Judges one WebSocket message from a page; `binary` is whether it came as a binary frame. */
export function judgeRequest(frame: Buffer, binary: boolean): Verdict {
  if (binary) return refuse(JanusErrorCode.INVALID_JSON, 'binary frame (the Janus API is JSON text)');
  if (frame.length > MAX_REQUEST_BYTES) {
    return refuse(JanusErrorCode.INVALID_JSON, `frame of ${frame.length} bytes, over the ${MAX_REQUEST_BYTES}-byte limit`);
  }
  let request: unknown;
  // The whole frame must be one JSON value: Janus's WebSocket transport runs each of several
  // values in a frame as a request of its own.
  try {
    request = JSON.parse(frame.toString('utf8'));
  } catch {
    return refuse(JanusErrorCode.INVALID_JSON, 'not JSON');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return refuse(JanusErrorCode.INVALID_JSON, 'not a JSON object');
  }
  const fields = request as Record<string, unknown>;
  const transaction = typeof fields.transaction === 'string' ? fields.transaction : undefined;
  const name = fields.janus;
  if (typeof name !== 'string') {
    return refuse(JanusErrorCode.MISSING_MANDATORY_ELEMENT, 'no request name (the "janus" field)', transaction);
  }
  if (UNAUTHENTICATED.has(name)) return refuse(JanusErrorCode.UNAUTHORIZED, `"${name}" is not answered to pages`, transaction);
  if (!FORWARDED.has(name)) return refuse(JanusErrorCode.INVALID_REQUEST_PATH, `unknown request ${quote(name)}`, transaction);
  if (name === 'attach' && fields.plugin !== SIP_PLUGIN) {
    return refuse(JanusErrorCode.UNAUTHORIZED_PLUGIN, `attach to ${quote(fields.plugin)}; only ${SIP_PLUGIN} is allowed`, transaction);
  }
  return FORWARD;
}

function refuse(code: number, reason: string, transaction?: string): Verdict {
  const reply = JSON.stringify({ janus: 'error', ...(transaction === undefined ? {} : { transaction }), error: { code, reason } });
  return { forward: false, code, reason, reply };
}

/** A page-chosen value as it goes into a log line: quoted and escaped (no forged lines), and short. */
function quote(value: unknown, max = 64): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
