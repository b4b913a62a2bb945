import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { JANUS_PROTOCOL, MAX_REQUEST_BYTES, judgeRequest } from './policy.js';

/** Where the guard reports what it refused; tests pass one that records. */
export interface GuardLogger {
  warn(message: string): void;
}

export const consoleLogger: GuardLogger = { warn: (message) => console.warn(message) };

export interface GatewayGuardOptions {
  /** Address browsers connect to. */
  host: string;
  /** 0 lets the kernel choose; `port` on the result says which. */
  port: number;
  /**
   * The certificate and key (PEM) to serve `wss` with: pages run in https and cannot open `ws`.
   * Leave it out only behind a proxy that terminates TLS.
   */
  tls?: { cert: string; key: string };
  /** Janus's own WebSocket, e.g. ws://127.0.0.1:8188; only the guard should be able to reach it. */
  upstream: string;
  /**
   * Origins (`scheme://host[:port]`) whose pages may connect; any other Origin, or none, gets 403
   * at the upgrade. Empty or absent: no check (a loopback lab).
   */
  allowedOrigins?: readonly string[];
  logger?: GuardLogger;
  /** How long Janus may take to accept the guard's connection before the page's is refused (default 5000). */
  upstreamTimeoutMs?: number;
  /**
   * How long Janus's connection stays open after the page's dropped: the window in which the page
   * can claim its session (and its call) back over a new connection. Janus's own
   * `reclaim_session_timeout` counts from the session's last request, which may be a keepalive
   * 25 s old, so the guard is what gives a dropped page a window that starts at the drop. Past it,
   * Janus's connection closes, Janus destroys the session and its SIP plugin unregisters: the
   * dead page's contact leaves the registrar. Default 3000.
   */
  reclaimWindowMs?: number;
  /**
   * The guard pings each page this often, and drops one that did not answer the previous ping: a
   * page whose connection died without a close (a machine gone from the network) is treated as
   * dropped within two periods instead of when TCP gives up. The browser's network stack answers
   * pings, so a hidden or throttled tab answers too. Default 3000.
   */
  heartbeatMs?: number;
}

/** The guard's defaults, in one place. */
const GUARD_DEFAULTS = {
  upstreamTimeoutMs: 5000,
  /** Dead page cleared in: this + Janus's reclaim_session_timeout (1 s) + its 2 s watchdog tick + an un-REGISTER. */
  reclaimWindowMs: 3000,
  heartbeatMs: 3000,
} as const;

export interface GatewayGuard {
  /** wss://host:port (ws:// without `tls`), what pages are given as the gateway URL. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes every connection on both sides. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Frames above this close the connection (ws's own limit) instead of being read whole just to be
 * refused; between MAX_REQUEST_BYTES and this, the page gets a Janus-shaped error.
 */
const HARD_FRAME_LIMIT = 16 * MAX_REQUEST_BYTES;

/**
 * Starts the guard: a WebSocket proxy that opens one connection to Janus per page, forwards the
 * page's requests the policy allows byte for byte, answers the others itself, and passes every
 * answer from Janus back unchanged. Janus's connection is opened before the page's upgrade is
 * accepted, so while Janus is down a page's connection fails at once (502) and janus-gateway moves
 * on as it would from a gateway that is not there.
 */
export async function startGatewayGuard(options: GatewayGuardOptions): Promise<GatewayGuard> {
  const logger = options.logger ?? consoleLogger;
  const allowed = new Set(options.allowedOrigins ?? []);
  const sockets = new Set<WebSocket>();
  const track = (socket: WebSocket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const pages = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: HARD_FRAME_LIMIT, handleProtocols: () => JANUS_PROTOCOL });

  const notWebSocket = (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('a Janus API WebSocket (janus-protocol) only\n');
  };
  const server = options.tls ? createHttpsServer(options.tls, notWebSocket) : createHttpServer(notWebSocket);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const peer = describePeer(request);
    const origin = request.headers.origin;
    if (allowed.size > 0 && (origin === undefined || !allowed.has(origin))) {
      logger.warn(`gateway-guard: refused ${peer}: origin not allowed`);
      return refuseUpgrade(socket, 403);
    }
    if (!offersJanusProtocol(request)) {
      logger.warn(`gateway-guard: refused ${peer}: no ${JANUS_PROTOCOL} subprotocol`);
      return refuseUpgrade(socket, 400);
    }
    const janus = new WebSocket(options.upstream, JANUS_PROTOCOL, { perMessageDeflate: false, handshakeTimeout: options.upstreamTimeoutMs ?? GUARD_DEFAULTS.upstreamTimeoutMs });
    track(janus);
    let paired = false;
    // The page gave up while Janus was being reached, or its upgrade was malformed (ws drops it).
    const abandon = (): void => janus.terminate();
    socket.once('close', abandon);
    janus.on('error', (error) => {
      if (paired) logger.warn(`gateway-guard: Janus connection of ${peer} failed: ${error.message}`);
      else if (!socket.destroyed) {
        logger.warn(`gateway-guard: refused ${peer}: Janus unreachable (${error.message})`);
        refuseUpgrade(socket, 502);
      }
    });
    janus.once('open', () => {
      pages.handleUpgrade(request, socket, head, (page) => {
        paired = true;
        socket.off('close', abandon);
        track(page);
        relay(page, janus, peer, logger, { reclaimWindowMs: options.reclaimWindowMs ?? GUARD_DEFAULTS.reclaimWindowMs, heartbeatMs: options.heartbeatMs ?? GUARD_DEFAULTS.heartbeatMs });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of sockets) socket.terminate();
    await closed;
  };
  return { url: `${options.tls ? 'wss' : 'ws'}://${host}:${port}`, port, close, [Symbol.asyncDispose]: close };
}

/**
 * Joins a page's connection to its own Janus connection. When Janus's closes, the page's does; when
 * the page's closes (or stops answering pings), Janus's closes after the reclaim window.
 */
function relay(page: WebSocket, janus: WebSocket, peer: string, logger: GuardLogger, timing: { reclaimWindowMs: number; heartbeatMs: number }): void {
  page.on('message', (data, binary) => {
    // binaryType is 'nodebuffer': each message is one Buffer, its fragments joined.
    const verdict = judgeRequest(data as Buffer, binary);
    if (verdict.forward) {
      janus.send(data, { binary: false });
      return;
    }
    logger.warn(`gateway-guard: refused a request from ${peer} (${verdict.code}): ${verdict.reason}`);
    page.send(verdict.reply);
  });
  janus.on('message', (data, binary) => page.send(data as Buffer, { binary }));
  // ws closes a socket after its 'error' (a frame over the hard limit, invalid UTF-8); 'close' follows.
  page.on('error', (error) => logger.warn(`gateway-guard: closed ${peer}: ${error.message}`));
  let answered = true;
  page.on('pong', () => (answered = true));
  const heartbeat = setInterval(() => {
    if (!answered) {
      logger.warn(`gateway-guard: dropped ${peer}: no answer to a ping in ${timing.heartbeatMs} ms`);
      page.terminate();
      return;
    }
    answered = false;
    page.ping();
  }, timing.heartbeatMs);
  let hold: NodeJS.Timeout | undefined;
  page.once('close', (code, reason) => {
    clearInterval(heartbeat);
    if (janus.readyState !== WebSocket.OPEN) return;
    // What Janus sends meanwhile goes nowhere, as it would to a session whose transport is gone.
    hold = setTimeout(() => passClose(janus, code, reason), timing.reclaimWindowMs);
  });
  janus.once('close', (code, reason) => {
    clearTimeout(hold);
    passClose(page, code, reason);
  });
}

/**
 * Closes `to` as the other side closed: with its code and reason, without a code (1005), or, when
 * it dropped without a close frame (1006), by dropping the connection too.
 */
function passClose(to: WebSocket, code: number, reason: Buffer): void {
  const sendable = (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
  if (sendable) to.close(code, reason);
  else if (code === 1005) to.close();
  else to.terminate();
}

function offersJanusProtocol(request: IncomingMessage): boolean {
  const offered = request.headers['sec-websocket-protocol'] ?? '';
  return offered.split(',').some((protocol) => protocol.trim() === JANUS_PROTOCOL);
}

function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Who connected, for the log: the address, and the page's origin when it sent one. */
function describePeer(request: IncomingMessage): string {
  const { remoteAddress, remotePort } = request.socket;
  const origin = request.headers.origin;
  return `${remoteAddress}:${remotePort}${origin === undefined ? '' : ` (origin ${JSON.stringify(origin)})`}`;
}
