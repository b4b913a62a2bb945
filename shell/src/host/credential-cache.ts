import type { AgentCredentials } from '@patchbay/opencti';

/**
 * Renew once this share of the credentials' life has passed: early enough that a reconnect never
 * presents a token about to expire, and that a service down at that moment leaves a fifth of the
 * life to retry in.
 */
const RENEW_AT_SHARE = 0.8;

export function expiryOf(credentials: AgentCredentials): number {
  return Math.min(credentials.bus.expiresAt, credentials.gateway.expiresAt, credentials.sip.expiresAt);
}

/** The agent's credentials, fetched once (or given) and again when due; callers at one moment share a fetch. */
export interface CredentialCache {
  /** The held credentials, fetched first if there are none or they are due for renewal. */
  (): Promise<AgentCredentials>;
  /** Fetches now, whatever is held (the renewal loop). */
  renew(): Promise<AgentCredentials>;
  /** When the held credentials are due for renewal (epoch ms), null before the first fetch. */
  renewAt(): number | null;
  /** When the held credentials expire (epoch ms), null before the first fetch. */
  expiresAt(): number | null;
  /** Calls `listener` with every set of credentials fetched from now on. */
  onRenewed(listener: (credentials: AgentCredentials) => void): () => void;
}

export function credentialCache(
  fetchCredentials: () => Promise<AgentCredentials>,
  { initial = null, now = Date.now }: { initial?: AgentCredentials | null; now?: () => number } = {},
): CredentialCache {
  let held: { credentials: AgentCredentials; renewAt: number } | null = null;
  const listeners = new Set<(credentials: AgentCredentials) => void>();
  const hold = (credentials: AgentCredentials, at: number): AgentCredentials => {
    held = { credentials, renewAt: at + (expiryOf(credentials) - at) * RENEW_AT_SHARE };
    return credentials;
  };
  if (initial) hold(initial, now());
  let fetching: Promise<AgentCredentials> | null = null;
  const renew = (): Promise<AgentCredentials> => {
    const at = now();
    fetching ??= fetchCredentials()
      .then((fresh) => {
        hold(fresh, at);
        for (const listener of [...listeners]) listener(fresh);
        return fresh;
      })
      .finally(() => (fetching = null));
    return fetching;
  };
  const current = async (): Promise<AgentCredentials> => {
    if (held && now() < held.renewAt) return held.credentials;
    return renew();
  };
  return Object.assign(current, {
    renew,
    renewAt: () => held?.renewAt ?? null,
    expiresAt: () => (held ? expiryOf(held.credentials) : null),
    onRenewed: (listener: (credentials: AgentCredentials) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}
