import { PhoneInUseError } from './phone-errors.js';

/**
 * One phone per agent per browser: a Web Lock held for the phone's lifetime. Two registrations
 * of one SIP account would steal each other's calls, so a second tab drives the first one's
 * phone over the bus instead, and takes the lock when that tab closes.
 */
export class PhoneTabLock {
  private release: (() => void) | null = null;

  constructor(private readonly username: string) {}

  private get name(): string {
    return `patchbay-phone:${this.username}`;
  }

  /** Takes the lock for this tab; rejects with PhoneInUseError while another tab holds it. */
  async claim(): Promise<void> {
    if (this.release !== null) return;
    await new Promise<void>((resolve, reject) => {
      navigator.locks
        .request(this.name, { ifAvailable: true }, (lock) => {
          if (lock === null) {
            reject(new PhoneInUseError(this.username));
            return undefined;
          }
          resolve();
          return new Promise<void>((release) => (this.release = release));
        })
        .catch(reject);
    });
  }

  /** Resolves once no other tab holds the lock (it closed), so this one can take over. */
  async whenOtherTabReleases(): Promise<void> {
    await navigator.locks.request(this.name, () => undefined);
  }

  unlock(): void {
    this.release?.();
    this.release = null;
  }
}
