/**
 * WebSockets to the gateway opened before the phone has its token: the TLS and WebSocket handshakes
 * (and, behind a gateway guard, its own connection to Janus) happen while the agent signs in, off
 * the phone's start-up path. janus-gateway takes one through its newWebSocket dependency.
 */
const JANUS_PROTOCOL = 'janus-protocol';
/** An opened socket nobody took by then (no phone will start: no credentials) is closed. */
const UNUSED_FOR_MS = 10_000;

const ahead = new Map<string, WebSocket>();

/** Opens a WebSocket to `url` now, for the next session janus-gateway opens there. */
export function openGatewayAhead(url: string): void {
  if (ahead.has(url)) return;
  const socket = new WebSocket(url, JANUS_PROTOCOL);
  ahead.set(url, socket);
  setTimeout(() => {
    if (ahead.get(url) !== socket) return;
    ahead.delete(url);
    socket.close();
  }, UNUSED_FOR_MS);
}

/** janus-gateway's newWebSocket: the socket opened ahead for `url` while it is usable, else a new one. */
export function newGatewaySocket(url: string, protocol: string): WebSocket {
  const socket = ahead.get(url);
  ahead.delete(url);
  if (socket !== undefined && protocol === JANUS_PROTOCOL && socket.readyState <= WebSocket.OPEN) {
    // janus-gateway sends its first request on 'open', listening from when this returns.
    if (socket.readyState === WebSocket.OPEN) queueMicrotask(() => socket.dispatchEvent(new Event('open')));
    return socket;
  }
  socket?.close();
  return new WebSocket(url, protocol);
}
