import { Backoff } from '@patchbay/bus';
import { SHELL_DEFAULTS } from '../config/defaults.js';
import type { CredentialCache } from './credential-cache.js';

export interface RenewalReport {
  /** Renewal failed; what is held lasts until `expiresAt` (epoch ms), and it is tried again. */
  failing(reason: string, expiresAt: number | null): void;
  /** Renewed after failing. */
  recovered(): void;
}

/**
 * Renews the agent's credentials when they are due, whether or not anything asks for them (a
 * reconnect must find fresh ones ready), and again with backoff while the credentials service is
 * down: calls in progress go on meanwhile, and the agent is told how long what they hold lasts.
 */
export function keepCredentialsFresh(cache: CredentialCache, report: RenewalReport, now: () => number = Date.now): () => void {
  const backoff = new Backoff(SHELL_DEFAULTS.credentialRenewalBackoff);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failing = false;
  let stopped = false;
  const schedule = (delayMs: number): void => {
    if (!stopped) timer = setTimeout(run, Math.max(0, delayMs));
  };
  const run = (): void => {
    cache.renew().then(
      () => {
        backoff.reset();
        if (failing) report.recovered();
        failing = false;
        schedule((cache.renewAt() ?? now()) - now());
      },
      (error: unknown) => {
        failing = true;
        report.failing(error instanceof Error ? error.message : String(error), cache.expiresAt());
        schedule(backoff.next());
      },
    );
  };
  schedule((cache.renewAt() ?? now()) - now());
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
