/** Reconnect delays: exponential, capped, with jitter so that a fleet of agents does not reconnect in step. */
export interface BackoffOptions {
  /** First delay, ms. */
  initialMs: number;
  /** Largest delay, ms. */
  maxMs: number;
  /** 0..1: how much of each delay is randomised (0.5 → between 50% and 100% of it). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000, jitter: 0.5 };

export class Backoff {
  private attempt = 0;
  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(ceiling * (1 - this.options.jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
