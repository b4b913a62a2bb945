/**
 * The one retry policy of the bus, the store and the shell: delays that double from `initialMs`
 * up to `maxMs`, with jitter so that a fleet of agents does not retry in step.
 */
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

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** No new attempt starts once this long has passed since the first, ms. */
  withinMs: number;
  backoff: BackoffOptions;
  /** Whether a failure is worth another attempt; any other is thrown at once. */
  retryable: (error: unknown) => boolean;
  /** Told of each failure that will be retried. */
  onRetry?: (error: unknown) => void;
}

/** Runs `operation`, again after a backoff delay while it fails retryably, until `withinMs` has passed. */
export async function retrying<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const deadline = Date.now() + policy.withinMs;
  const backoff = new Backoff(policy.backoff);
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!policy.retryable(error) || Date.now() >= deadline) throw error;
      policy.onRetry?.(error);
      await pause(backoff.next());
    }
  }
}
