/**
 * Publishes that survive a reconnect. What was written to a link that dropped is gone with it, so
 * a publish is only "sent" once a flush (PING/PONG) after it succeeded. Until then it waits here; after a reconnect it is sent again (in order). It fails with a reason when the
 * bus stays away too long, the outbox is full, the server refuses it, or the bus closes. A message
 * whose PONG was lost may arrive twice: receivers can use the envelope id to ignore the repeat.
 */
import { BusClosedError, BusError, OutboxFullError, PublishTimeoutError } from './errors.js';

/** The little of a connection the outbox needs. */
export interface OutboxLink {
  readonly connected: boolean;
  readonly closed: boolean;
  /** Throws if the connection is closed, or a BusError when the server would refuse the message. */
  publish(subject: string, bytes: Uint8Array): void;
  /**
   * Resolves when the server answered a PING sent after everything published before; a refusal
   * the server sent before that PONG has been reported (refusedSince) by then.
   */
  flush(): Promise<void>;
  /** A permission error for a publish on `subject` seen since `mark` (see violationMark). */
  refusedSince(mark: number, subject: string): BusError | null;
  violationMark(): number;
}

export interface OutboxOptions {
  /** How long a publish may wait for the bus before it fails, ms. */
  timeoutMs: number;
  /** Most publishes waiting for a reconnect at once. */
  limit: number;
}

interface Pending {
  seq: number;
  subject: string;
  bytes: Uint8Array;
  startedAt: number;
  timer: ReturnType<typeof setTimeout>;
  resolve(): void;
  reject(error: Error): void;
}

export class Outbox {
  private seq = 0;
  private readonly waiting: Pending[] = [];
  private readonly inFlight = new Set<Pending>();
  private batch: { pending: Pending; mark: number }[] = [];

  constructor(
    private readonly link: OutboxLink,
    private readonly options: OutboxOptions,
  ) {}

  get size(): number {
    return this.waiting.length + this.inFlight.size;
  }

  send(subject: string, bytes: Uint8Array): Promise<void> {
    if (this.link.closed) return Promise.reject(new BusClosedError(`publish on ${subject}`));
    // The limit bounds what piles up during an outage; while connected, publishes go straight out.
    if (!this.link.connected && this.waiting.length >= this.options.limit) {
      return Promise.reject(new OutboxFullError(subject, this.options.limit));
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        seq: this.seq++,
        subject,
        bytes,
        startedAt: Date.now(),
        resolve,
        reject,
        timer: setTimeout(() => this.expire(pending), this.options.timeoutMs),
      };
      if (this.link.connected) this.attempt(pending);
      else this.waiting.push(pending);
    });
  }

  /** Sends everything that waited, in order; call on every (re)connect. */
  resume(): void {
    const ready = this.waiting.splice(0).sort((a, b) => a.seq - b.seq);
    for (const pending of ready) this.attempt(pending);
  }

  /** Fails everything; call when the bus closes. */
  failAll(error: () => Error): void {
    for (const pending of [...this.waiting, ...this.inFlight]) this.settle(pending, error());
    this.waiting.length = 0;
    this.inFlight.clear();
  }

  private attempt(pending: Pending): void {
    this.inFlight.add(pending);
    // One PING confirms every publish made in the same tick: a burst costs one round trip, not one
    // each. Scheduled before the first publish, so it runs before the client sends what it wrote
    // this tick and the PING leaves in the same WebSocket frame as the messages.
    if (this.batch.length === 0) queueMicrotask(() => this.confirmBatch());
    this.batch.push({ pending, mark: this.link.violationMark() });
    try {
      this.link.publish(pending.subject, pending.bytes);
    } catch (error) {
      // A BusError says why (a payload the server would not take); anything else means the link is gone.
      this.settle(pending, error instanceof BusError ? error : new BusClosedError(`publish on ${pending.subject}`, { cause: error }));
    }
  }

  private confirmBatch(): void {
    const batch = this.batch;
    this.batch = [];
    this.link.flush().then(
      () => {
        for (const { pending, mark } of batch) {
          if (this.inFlight.has(pending)) this.settle(pending, this.link.refusedSince(mark, pending.subject));
        }
      },
      () => {
        const unconfirmed = batch.map((b) => b.pending).filter((p) => this.inFlight.has(p));
        if (this.link.closed) {
          for (const pending of unconfirmed) this.settle(pending, new BusClosedError(`publish on ${pending.subject}`));
          return;
        }
        // The connection dropped before the server confirmed: wait for the reconnect and resend.
        for (const pending of unconfirmed) {
          this.inFlight.delete(pending);
          this.waiting.push(pending);
        }
        if (this.link.connected) this.resume();
      },
    );
  }

  private expire(pending: Pending): void {
    const index = this.waiting.indexOf(pending);
    if (index >= 0) this.waiting.splice(index, 1);
    else if (!this.inFlight.has(pending)) return;
    this.settle(pending, new PublishTimeoutError(pending.subject, Date.now() - pending.startedAt));
  }

  private settle(pending: Pending, error: Error | null): void {
    clearTimeout(pending.timer);
    this.inFlight.delete(pending);
    if (error) pending.reject(error);
    else pending.resolve();
  }
}
