/**
 * A token bucket per key: `burst` actions at once, refilled at `perSecond`. What a flood of
 * requests from one agent (a hostile or broken widget) meets, so it cannot starve the others.
 */
export interface RateLimitOptions {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`; false when its bucket is empty (the action should be refused). */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    // One bucket per agent that ever acted: a call center's agents, not an unbounded set.
    this.buckets.set(key, bucket);
    return allowed;
  }
}
