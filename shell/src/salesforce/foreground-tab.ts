const STORAGE_KEY = 'patchbay.foreground-tab';
const LOCK_PREFIX = 'patchbay-tab:';

/**
 * Which of the agent's Salesforce tabs the agent last brought into view. A ringing call pops its
 * record (or the chooser) in that tab only: one pop per call, where the agent is looking. Each
 * tab holds a Web Lock for its lifetime, so a tab that closed or crashed is never the one chosen.
 */
export class ForegroundTab {
  private readonly id = crypto.randomUUID();

  constructor(private readonly store: Pick<Storage, 'getItem' | 'setItem'>) {
    // Held until the page goes: other tabs see this tab alive through the lock.
    void navigator.locks.request(LOCK_PREFIX + this.id, () => new Promise<never>(() => undefined));
    const claim = (): void => {
      if (document.visibilityState !== 'visible') return;
      try {
        this.store.setItem(STORAGE_KEY, this.id);
      } catch {
        // Without storage every tab falls back to the phone's tab (popsHere).
      }
    };
    document.addEventListener('visibilitychange', claim);
    claim();
  }

  /**
   * Whether this tab pops for a ringing call: it is the tab last in view, or that tab is gone
   * (or unknown) and this one owns the phone.
   */
  async popsHere(ownsPhone: boolean): Promise<boolean> {
    let current: string | null = null;
    try {
      current = this.store.getItem(STORAGE_KEY);
    } catch {
      return ownsPhone;
    }
    if (current === this.id) return true;
    if (current !== null && (await isAlive(current))) return false;
    return ownsPhone;
  }
}

async function isAlive(tabId: string): Promise<boolean> {
  const { held = [] } = await navigator.locks.query();
  return held.some((lock) => lock.name === LOCK_PREFIX + tabId);
}
