/**
 * One short-lived credential (the gateway token, the SIP credential) kept fresh. The held
 * credential serves until 80% of its life has passed; then a timer fetches the next one and hands
 * it on, well before the held one expires. A failed fetch is tried again with back-off while the
 * held credential serves for as long as it lasts.
 */
import { Backoff, type BackoffOptions } from '@patchbay/bus/backoff';
import { ExpiredCredentialError } from './phone-errors.js';
import { PHONE_DEFAULTS, type PhoneLogger } from './phone-options.js';

export interface Expiring {
  /** When it stops being accepted, in ms since the epoch. */
  readonly expiresAt: number;
}

/** Renew at this share of a credential's life, counted from when it arrived. */
const RENEW_AT = 0.8;
/** Never sooner than this after the last fetch, even when a source keeps handing out the same credential. */
const MIN_DELAY_MS = 1000;
/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface RenewalOptions<T> {
  /** What it is, for log lines and errors: "gateway token". */
  name: string;
  /** Asks for a fresh credential. */
  fetch: () => Promise<T>;
  /** A renewed credential (a later expiry than the one held): put it to use. */
  onRenewed: (fresh: T) => void | Promise<void>;
  log: PhoneLogger;
  /** Back-off between failed renewals (PHONE_DEFAULTS.renewalBackoff). */
  retryBackoff?: BackoffOptions;
}

export class Renewal<T extends Expiring> {
  private held: T | null = null;
  private renewAt = 0;
  private fetching: Promise<T> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly retry: Backoff;
  private stopped = false;

  constructor(private readonly options: RenewalOptions<T>) {
    this.retry = new Backoff(options.retryBackoff ?? PHONE_DEFAULTS.renewalBackoff);
  }

  /** The credential last received, or null before the first. */
  get value(): T | null {
    return this.held;
  }

  /** The held credential until it is due for renewal, else a fresh one. */
  current(): Promise<T> {
    if (this.held !== null && Date.now() < this.renewAt) return Promise.resolve(this.held);
    return this.fresh();
  }

  /**
   * Asks the source now (after a refusal, or when due); callers at the same moment share one
   * request. Rejects with ExpiredCredentialError when the source hands out an expired credential.
   */
  fresh(): Promise<T> {
    this.fetching ??= this.options
      .fetch()
      .then((value) => this.hold(value))
      .finally(() => (this.fetching = null));
    return this.fetching;
  }

  /**
   * Renews now, as when due: the source has a newer credential (its owner renewed it), so a
   * back-off after failures need not run out first.
   */
  renewNow(): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    void this.renew();
  }

  /** No more renewals (the phone is disposed). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private hold(value: T): T {
    const now = Date.now();
    if (value.expiresAt <= now) throw new ExpiredCredentialError(this.options.name, value.expiresAt);
    this.held = value;
    this.renewAt = now + RENEW_AT * (value.expiresAt - now);
    this.schedule(this.renewAt - now);
    return value;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.renew(), Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, delayMs)));
  }

  private async renew(): Promise<void> {
    const before = this.held;
    let fresh: T;
    try {
      fresh = await this.fresh();
    } catch (error) {
      const delay = this.retry.next();
      this.options.log('warn', `could not renew the ${this.options.name}; trying again in ${Math.round(delay / 1000)} s`, error);
      this.schedule(delay);
      return;
    }
    this.retry.reset();
    // The same credential again (a source that caches): nothing to put to use.
    if (before !== null && fresh.expiresAt <= before.expiresAt) return;
    try {
      await this.options.onRenewed(fresh);
    } catch (error) {
      this.options.log('warn', `using the renewed ${this.options.name} failed`, error);
    }
  }
}
