import type { AgentCredentials } from '@patchbay/opencti';

/** Fetch anew this long before the held credentials expire, so no reconnect uses a stale token. */
const RENEW_MARGIN_MS = 5 * 60 * 1000;

function expiresAt(credentials: AgentCredentials): number {
  return Math.min(credentials.bus.expiresAt, credentials.gateway.expiresAt, credentials.sip.expiresAt);
}

/**
 * The agent's short-lived credentials, fetched once (or given) and again only when they are about
 * to expire; callers at the same moment share one fetch.
 */
export function credentialCache(
  fetchCredentials: () => Promise<AgentCredentials>,
  { initial = null, now = Date.now }: { initial?: AgentCredentials | null; now?: () => number } = {},
): () => Promise<AgentCredentials> {
  let held: AgentCredentials | null = initial;
  let fetching: Promise<AgentCredentials> | null = null;
  return async () => {
    if (held && expiresAt(held) - now() > RENEW_MARGIN_MS) return held;
    fetching ??= fetchCredentials()
      .then((fresh) => (held = fresh))
      .finally(() => (fetching = null));
    return fetching;
  };
}
