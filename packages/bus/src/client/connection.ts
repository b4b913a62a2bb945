/**
 * One core-NATS connection over a WebSocket: publish, subscribe, request/reply, PING/PONG, and a
 * link that comes back by itself. After the first connect it never gives up: a lost or refused
 * link is retried with the backoff across the servers, reading the JWT anew each time, until
 * close(). Subscriptions are sent again before anything else on every new link.
 *
 * Over 300 lines: the link, the subscriptions, the requests and the PINGs all act on the one
 * current link and its state; the wire (transport.ts), the write queue (writer.ts) and the
 * reply inboxes (requests.ts) are apart already.
 */
import type { Backoff } from '../backoff.js';
import { BusClosedError, CredentialsRefusedError, PayloadTooLargeError } from '../errors.js';
import { CRLF, PING, PONG, connectOp, pubOp, subOp, unsubOp } from '../wire/client-ops.js';
import { Parser, type ServerOp } from '../wire/parser.js';
import { classifyServerError } from '../wire/server-errors.js';
import { Requests, type Message } from './requests.js';
import { openWebSocket, openedAhead, type Transport } from './transport.js';
import { Writer } from './writer.js';

export type { Message } from './requests.js';

export interface ConnectionOptions {
  /** Tried in turn (from a random start, so a fleet spreads over a cluster). */
  readonly servers: readonly string[];
  /** Asked at every (re)connect. */
  readonly jwt: () => string;
  readonly name: string;
  readonly inboxPrefix: string;
  readonly pingIntervalMs: number;
  /** PINGs without a PONG after which the link counts as dead. */
  readonly maxPingOut: number;
  readonly connectTimeoutMs: number;
  readonly backoff: Backoff;
}

export interface ConnectionEvents {
  /** The link dropped (`lost`; the connection is retrying) or is back (`restored`). */
  link(state: 'lost' | 'restored'): void;
  /** nats-server refused a publish or subscription; the link stays. */
  permission(operation: 'publish' | 'subscription', subject: string): void;
  /** What the server or the link said before dropping (an expired JWT, a refused reconnect…). */
  notice(message: string): void;
  /** Bytes that are not the NATS protocol (the link is dropped and made again). */
  broken(error: Error): void;
}

interface Link {
  readonly url: string;
  readonly parser: Parser;
  transport: Transport | null;
  writer: Writer | null;
  /** The server's max_payload, from its INFO (which comes before the handshake's PONG). */
  maxPayload: number | null;
}

interface PongWaiter {
  resolve(): void;
  reject(error: Error): void;
}

const ignore = (): void => undefined;

export class Connection {
  private state: 'connecting' | 'connected' | 'reconnecting' | 'closed' = 'connecting';
  private link: Link | null = null;
  /** The first connect's handshake, or a reconnect's, while it waits for its PONG. */
  private handshake: PongWaiter | null = null;
  private readonly subs = new Map<number, { subject: string; deliver(msg: Message): void }>();
  private nextSid = 0;
  private readonly requests: Requests;
  /** Requests made while the link was down, sent once it is back. */
  private unsent: { subject: string; reply: string; data: Uint8Array }[] = [];
  private readonly pongs: PongWaiter[] = [];
  private pingsOut = 0;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private wake: () => void = ignore;
  private readonly servers: string[];
  private serverIndex = 0;

  private constructor(
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {
    this.servers = [...options.servers];
    this.serverIndex = Math.floor(Math.random() * this.servers.length);
    this.requests = new Requests(options.inboxPrefix);
    this.subscribe(this.requests.inbox, (msg) => this.requests.answer(msg));
  }

  /**
   * Connects, retrying with the backoff while no server can be reached; rejects with
   * CredentialsRefusedError when a server refuses the JWT.
   */
  static async open(options: ConnectionOptions, events: ConnectionEvents): Promise<Connection> {
    if (options.servers.length === 0) throw new Error('no nats-server URL given');
    const connection = new Connection(options, events);
    for (;;) {
      try {
        await connection.attach();
        return connection;
      } catch (error) {
        if (error instanceof CredentialsRefusedError) {
          connection.state = 'closed';
          throw error;
        }
        await connection.pause(options.backoff.next());
      }
    }
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /**
   * Sends at once when connected; while the link is down it is dropped (see the Outbox). Throws
   * PayloadTooLargeError for more than the server accepts, which would cost the connection.
   */
  publish(subject: string, data: Uint8Array, reply: string | null = null): void {
    if (this.state === 'closed') throw new BusClosedError(`publish on ${subject}`);
    const link = this.state === 'connected' ? this.link : null;
    if (!link) return;
    if (link.maxPayload !== null && data.byteLength > link.maxPayload) throw new PayloadTooLargeError(subject, data.byteLength, link.maxPayload);
    link.writer?.write(pubOp(subject, reply, data.byteLength), data, CRLF);
  }

  /** Listens on `subject` (wildcards allowed) on this and every later link, until the returned call. */
  subscribe(subject: string, deliver: (msg: Message) => void): () => void {
    const sid = ++this.nextSid;
    this.subs.set(sid, { subject, deliver });
    if (this.state === 'connected') this.link?.writer?.write(subOp(subject, sid));
    return () => {
      if (this.subs.delete(sid) && this.state === 'connected') this.link?.writer?.write(unsubOp(sid));
    };
  }

  /** The reply's bytes; rejects with NoResponderError, RequestTimeoutError or BusClosedError. */
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    if (this.state === 'closed') return Promise.reject(new BusClosedError(`request on ${subject}`));
    const { reply, answer } = this.requests.open(subject, timeoutMs);
    if (this.state === 'connected') this.send(subject, data, reply);
    else this.unsent.push({ subject, reply, data });
    return answer;
  }

  /** A request's publish; one the server would not take fails the request. */
  private send(subject: string, data: Uint8Array, reply: string): void {
    try {
      this.publish(subject, data, reply);
    } catch (error) {
      this.requests.fail(reply, error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Resolves when the server answered a PING sent after everything written before. */
  flush(): Promise<void> {
    const writer = this.state === 'connected' ? this.link?.writer : null;
    if (!writer) return Promise.reject(this.closed ? new BusClosedError('flush') : new Error('the link is down'));
    return new Promise((resolve, reject) => {
      this.pongs.push({ resolve, reject });
      writer.write(PING);
    });
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const link = this.link;
    this.unlink();
    this.wake();
    this.handshake?.reject(new BusClosedError('connect'));
    this.requests.failAll((subject) => new BusClosedError(`request on ${subject}`));
    this.unsent = [];
    // What was written this tick still leaves, before the close frame.
    link?.writer?.flush();
    link?.transport?.close();
  }

  /**
   * Opens the next server's WebSocket and completes the handshake: CONNECT, SUBs, PING → PONG.
   * The PONG makes the link ready at once, before any message read with it is dispatched.
   */
  private async attach(): Promise<void> {
    const url = this.nextServer();
    const link: Link = { url, parser: new Parser(), transport: null, writer: null, maxPayload: null };
    this.link = link;
    const handshake = new Promise<void>((resolve, reject) => {
      this.handshake = {
        resolve: () => {
          this.handshake = null;
          this.ready();
          resolve();
        },
        reject: (error) => {
          this.handshake = null;
          reject(error);
        },
      };
    });
    handshake.catch(ignore); // awaited below unless the WebSocket never opens
    const timer = setTimeout(() => this.handshake?.reject(new Error(`no answer from ${url} within ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs);
    try {
      const transport = await openWebSocket(url, this.options.connectTimeoutMs, {
        data: (chunk) => {
          if (this.link === link) this.receive(link, chunk);
        },
        closed: () => {
          if (this.link === link) this.dropped();
        },
      });
      link.transport = transport;
      if (this.link !== link) throw new BusClosedError('connect');
      link.writer = new Writer(transport);
      const subs = [...this.subs].map(([sid, { subject }]) => subOp(subject, sid));
      link.writer.write(connectOp({ jwt: this.options.jwt(), name: this.options.name }), ...subs, PING);
      await handshake;
    } catch (error) {
      if (this.link === link) this.unlink();
      link.transport?.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The server a WebSocket was opened ahead to (openWebSocketAhead), else the next in turn. */
  private nextServer(): string {
    const early = openedAhead(this.servers);
    if (early !== null) {
      this.serverIndex = this.servers.indexOf(early) + 1;
      return early;
    }
    return this.servers[this.serverIndex++ % this.servers.length]!;
  }

  /** The link is up: liveness PINGs start and requests made meanwhile go out. */
  private ready(): void {
    const restored = this.state === 'reconnecting';
    this.state = 'connected';
    this.options.backoff.reset();
    this.pingsOut = 0;
    this.pinger = setInterval(() => this.ping(), this.options.pingIntervalMs);
    for (const { subject, reply, data } of this.unsent) if (this.requests.isWaiting(reply)) this.send(subject, data, reply);
    this.unsent = [];
    if (restored) this.events.link('restored');
  }

  private ping(): void {
    if (this.pingsOut >= this.options.maxPingOut) {
      this.events.notice(`no PONG from ${this.link?.url} for ${this.pingsOut} PINGs: the link is dead`);
      const transport = this.link?.transport;
      this.dropped();
      transport?.close();
      return;
    }
    this.pingsOut += 1;
    this.pongs.push({ resolve: ignore, reject: ignore });
    this.link?.writer?.write(PING);
  }

  private receive(link: Link, chunk: Uint8Array): void {
    try {
      link.parser.parse(chunk, (op) => this.dispatch(link, op));
    } catch (error) {
      if (this.link !== link) return;
      this.events.broken(error instanceof Error ? error : new Error(String(error)));
      this.dropped();
      link.transport?.close();
    }
  }

  private dispatch(link: Link, op: ServerOp): void {
    if (this.link !== link) return;
    switch (op.kind) {
      case 'msg':
        this.subs.get(op.sid)?.deliver(op);
        return;
      case 'ping':
        link.writer?.write(PONG);
        return;
      case 'pong':
        this.pingsOut = 0;
        (this.handshake ?? this.pongs.shift())?.resolve();
        return;
      case 'err':
        this.serverError(link, op.message);
        return;
      case 'info':
        link.maxPayload = op.maxPayload;
        return;
      case 'ok':
        return;
    }
  }

  private serverError(link: Link, message: string): void {
    const error = classifyServerError(message);
    if (error.kind === 'permission') {
      // A refused subscription is forgotten, so no reconnect sends it again.
      if (error.operation === 'subscription') for (const [sid, sub] of this.subs) if (sub.subject === error.subject) this.subs.delete(sid);
      this.events.permission(error.operation, error.subject);
    } else if (this.handshake) {
      this.handshake.reject(error.kind === 'auth' ? new CredentialsRefusedError(link.url, message) : new Error(`${link.url}: ${message}`));
    } else {
      this.events.notice(`${link.url} closes the connection: ${message}`);
    }
  }

  /** The current link is gone: fail what waited on it and, once connected before, reconnect. */
  private dropped(): void {
    this.unlink();
    if (this.handshake) {
      this.handshake.reject(new Error('the connection closed during the handshake'));
      return;
    }
    if (this.state !== 'connected') return;
    this.state = 'reconnecting';
    this.events.link('lost');
    void this.reconnect();
  }

  private unlink(): void {
    this.link = null;
    clearInterval(this.pinger);
    const error = this.closed ? new BusClosedError('flush') : new Error('the link dropped before the PONG');
    for (const waiter of this.pongs.splice(0)) waiter.reject(error);
  }

  private async reconnect(): Promise<void> {
    while (this.state === 'reconnecting') {
      await this.pause(this.options.backoff.next());
      if (this.state !== 'reconnecting') return;
      try {
        await this.attach();
      } catch (error) {
        // Worth a line: a JWT refused now may be renewed before the next attempt.
        if (error instanceof CredentialsRefusedError) this.events.notice(`reconnect refused: ${error.message}`);
      }
    }
  }

  /** Waits `ms`, or less if the connection is closed meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
