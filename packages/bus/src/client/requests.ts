/**
 * Request/reply over one wildcard subscription on the agent's inbox: each request gets the reply
 * subject `<inbox prefix>.<connection token>.<n>`, so a reply costs no SUB/UNSUB of its own.
 */
import { NoResponderError, RequestTimeoutError } from '../errors.js';
import { headerStatus, type ServerOp } from '../wire/parser.js';

export type Message = Extract<ServerOp, { kind: 'msg' }>;

interface Waiting {
  subject: string;
  timer: ReturnType<typeof setTimeout>;
  resolve(data: Uint8Array): void;
  reject(error: Error): void;
}

/** 503 is nats-server's "no responders" status (sent because CONNECT asks for no_responders). */
const NO_RESPONDERS = 503;

/** Random enough that two connections of one agent never share reply subjects. */
function token(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

export class Requests {
  /** What the connection subscribes to for every reply. */
  readonly inbox: string;
  private readonly base: string;
  private readonly waiting = new Map<string, Waiting>();
  private next = 0;

  constructor(inboxPrefix: string) {
    this.base = `${inboxPrefix}.${token()}.`;
    this.inbox = `${this.base}*`;
  }

  /** A new request on `subject`: the reply subject to send it with, and its answer. */
  open(subject: string, timeoutMs: number): { reply: string; answer: Promise<Uint8Array> } {
    const reply = `${this.base}${++this.next}`;
    const answer = new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(reply);
        reject(new RequestTimeoutError(subject, timeoutMs));
      }, timeoutMs);
      this.waiting.set(reply, { subject, timer, resolve, reject });
    });
    return { reply, answer };
  }

  isWaiting(reply: string): boolean {
    return this.waiting.has(reply);
  }

  /** A message on the inbox: the answer to one request, or nats-server's "no responders". */
  answer(msg: Message): void {
    const waiting = this.waiting.get(msg.subject);
    if (!waiting) return; // timed out meanwhile
    this.waiting.delete(msg.subject);
    clearTimeout(waiting.timer);
    if (msg.headers && msg.data.byteLength === 0 && headerStatus(msg.headers) === NO_RESPONDERS) waiting.reject(new NoResponderError(waiting.subject));
    else waiting.resolve(msg.data);
  }

  /** Ends one request that could not be sent. */
  fail(reply: string, error: Error): void {
    const waiting = this.waiting.get(reply);
    if (!waiting) return;
    this.waiting.delete(reply);
    clearTimeout(waiting.timer);
    waiting.reject(error);
  }

  failAll(error: (subject: string) => Error): void {
    for (const { subject, timer, reject } of this.waiting.values()) {
      clearTimeout(timer);
      reject(error(subject));
    }
    this.waiting.clear();
  }
}
