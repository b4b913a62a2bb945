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

/** Opens a WebSocket to `url`; rejects when it fails or takes longer than `timeoutMs` to open. */
export function openWebSocket(url: string, timeoutMs: number, events: TransportEvents): Promise<Transport> {
  const Socket = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (typeof Socket !== 'function') {
    return Promise.reject(new Error("no WebSocket in this environment (Node 20 has none: put the ws package's on globalThis)"));
  }
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new Socket(url);
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
    socket.onopen = () => {
      clearTimeout(timer);
      opened = true;
      resolve({ send: (frame) => socket.send(frame), close: () => socket.close() });
    };
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => events.data(typeof event.data === 'string' ? utf8.encode(event.data) : new Uint8Array(event.data));
    // A close event always follows an error; in Node an error without a listener would throw.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      clearTimeout(timer);
      if (opened) events.closed();
      else reject(new Error(`WebSocket to ${url} closed before it opened`));
    };
  });
}
