import type { TransferAttempt } from '@patchbay/contract';
import type { CallCore } from './call-core.js';
import type { PhoneLogger } from './phone-options.js';

/**
 * A transfer request (SIP REFER, RFC 3515) followed to its answer: the far end's NOTIFY 2xx means
 * the call is transferred; a refusal, a failed request, or silence for `timeoutMs` marks the
 * attempt refused and leaves the call as it was. One request at a time (the table says so).
 */
export class TransferFollowUp {
  /** Gives up on a transfer the far end never reports on. */
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Undoes what the pending request's sender set up for it, when it is refused. */
  private onRefused: (() => void) | null = null;

  constructor(
    private readonly core: CallCore,
    private readonly timeoutMs: number,
    private readonly log: PhoneLogger,
  ) {}

  /** Sends a REFER with `refer` and follows it; `onRefused` runs if it is refused. */
  async request(mode: TransferAttempt['mode'], target: string, refer: () => Promise<void>, onRefused: (() => void) | null = null): Promise<void> {
    this.core.require('transfer-requested', 'transfer');
    this.core.dispatch({ type: 'transfer-requested', mode, target, at: Date.now() });
    this.core.localEnd = 'transferred';
    this.onRefused = onRefused;
    const { timeoutMs } = this;
    this.timer = setTimeout(() => this.refused(`no answer from the far end within ${timeoutMs / 1000} s`), timeoutMs);
    try {
      await refer();
    } catch (error) {
      this.refused(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /**
   * The far end's progress on the REFER (a NOTIFY's sipfrag status): true when the new call is
   * answered and ours is to end as transferred.
   */
  progress(status: number, reason: string): boolean {
    // The far end is working on it: its final word may take as long as the target rings.
    if (status < 200) this.stop();
    else if (status < 300) return true;
    else this.refused(`${status} ${reason}`.trim());
    return false;
  }

  /** The request failed: the call goes on as it was, and may be transferred again. */
  refused(detail: string): void {
    this.stop();
    this.core.localEnd = null;
    const undo = this.onRefused;
    this.onRefused = null;
    undo?.();
    if (this.core.allows('transfer-refused')) {
      this.log('warn', `transfer refused: ${detail}; the call continues`);
      this.core.dispatch({ type: 'transfer-refused', detail });
    }
  }

  /** Stops waiting (the call ended, or the far end is working on it). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
