/**
 * How bytes move: a WebSocket to nats-server. The class is the environment's own, read at every
 * connect (the browser's; in Node 20, whichever the host put on globalThis, e.g. ws with a lab CA),
 * so this package imports no WebSocket library.
 */

export interface Transport {
  /** One WebSocket frame; dropped once the socket is closing. */
  send(frame: Uint8Array): void;
  close(): void;
}

export interface TransportEvents {
  data(chunk: Uint8Array): void;
  /** The socket closed after it had opened (by either side, or the network). */
  closed(): void;
}

const utf8 = new TextEncoder();

/** A WebSocket opened before a connection asked for it, and what the server sent it meanwhile (its INFO). */
interface AheadSocket {
  socket: WebSocket;
  received: Uint8Array[];
}

/** Not closing or closed (nats-server's authorization timeout, the network): a connection can take it. */
const usable = (opened: AheadSocket | undefined): opened is AheadSocket => opened !== undefined && opened.socket.readyState <= opened.socket.OPEN;

const ahead = new Map<string, AheadSocket>();
/**
 * A socket no connection took by then is closed (the page will not connect: no credentials).
 * nats-server closes one that sends no CONNECT within its authorization timeout anyway.
 */
const UNUSED_FOR_MS = 10_000;

function environmentSocket(): typeof WebSocket {
  const Socket = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (typeof Socket !== 'function') throw new Error("no WebSocket in this environment (Node 20 has none: put the ws package's on globalThis)");
  return Socket;
}

const chunkOf = (event: MessageEvent<ArrayBuffer | string>): Uint8Array => (typeof event.data === 'string' ? utf8.encode(event.data) : new Uint8Array(event.data));

/**
 * Opens a WebSocket to `url` now, for the connection that asks for one there next: its TCP, TLS
 * and WebSocket handshakes happen before the connection has what it sends first (its JWT). What
 * the server sends meanwhile is kept and handed over with the socket.
 */
export function openWebSocketAhead(url: string): void {
  if (ahead.has(url)) return;
  const socket = new (environmentSocket())(url);
  socket.binaryType = 'arraybuffer';
  const opened: AheadSocket = { socket, received: [] };
  socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => opened.received.push(chunkOf(event));
  socket.onerror = () => undefined;
  ahead.set(url, opened);
  setTimeout(() => {
    if (ahead.get(url) !== opened) return;
    ahead.delete(url);
    socket.close();
  }, UNUSED_FOR_MS);
}

/** Of `urls`, one a WebSocket was opened ahead to that is still usable, or null. */
export function openedAhead(urls: readonly string[]): string | null {
  return urls.find((url) => usable(ahead.get(url))) ?? null;
}

/**
 * Opens a WebSocket to `url` (or takes the one opened ahead there); rejects when it fails or takes
 * longer than `timeoutMs` to open.
 */
export function openWebSocket(url: string, timeoutMs: number, events: TransportEvents): Promise<Transport> {
  const early = ahead.get(url);
  ahead.delete(url);
  const taken = usable(early) ? early : null;
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = taken?.socket ?? new (environmentSocket())(url);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    socket.binaryType = 'arraybuffer';
    let opened = false;
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`WebSocket to ${url} did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    // What the server sent a socket opened ahead is handed over in a task of its own, once the
    // connection's code that awaits the socket has run, as a message would come; in order with
    // what arrives meanwhile.
    let held: Uint8Array[] | null = taken !== null && taken.received.length > 0 ? taken.received : null;
    const open = (): void => {
      clearTimeout(timer);
      opened = true;
      resolve({ send: (frame) => socket.send(frame), close: () => socket.close() });
      if (held === null) return;
      setTimeout(() => {
        const chunks = held ?? [];
        held = null;
        for (const chunk of chunks) events.data(chunk);
      }, 0);
    };
    socket.onopen = open;
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (held !== null) held.push(chunkOf(event));
      else events.data(chunkOf(event));
    };
    // A close event always follows an error; in Node an error without a listener would throw.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      clearTimeout(timer);
      if (opened) events.closed();
      else reject(new Error(`WebSocket to ${url} closed before it opened`));
    };
    if (socket.readyState === socket.OPEN) open();
  });
}
