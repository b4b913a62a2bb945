import type { AgentId } from '@patchbay/contract';

/**
 * The phone window's public key, pinned in the storage the agent's Salesforce tabs share (the
 * shell's origin under Salesforce's site) by the tab the window linked to over its MessagePort:
 * any of those tabs can then seal renewed credentials to the window after that tab is gone. The key
 * is public; what makes it the window's is that only a port handed to the window writes it here.
 */
const PINNED_PREFIX = 'patchbay.phone-window.key:';

export function pinWindowKey(agent: AgentId, publicKey: string): void {
  try {
    localStorage.setItem(PINNED_PREFIX + agent, publicKey);
  } catch {
    // Without storage only the linked tab renews the window's credentials; the window says so when it is gone.
  }
}

/** The pinned key, or null when no phone window linked to one of the agent's tabs. */
export function pinnedWindowKey(agent: AgentId): string | null {
  try {
    return localStorage.getItem(PINNED_PREFIX + agent);
  } catch {
    return null;
  }
}
