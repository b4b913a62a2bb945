import { RateLimiter, type RateLimitOptions } from '@patchbay/bus';
import type { CallCommandKind } from '@patchbay/contract';

/**
 * Whether to act on a command; a refusal says why, and whether to tell anyone this time (`ignored`:
 * how many commands the flood it belongs to has cost so far).
 */
export type Verdict = { act: true } | { act: false; reason: string; report: boolean; ignored?: number };

/** What the agent is told of a flood: the same words each time, so the panel keeps one notice. */
export const FLOOD_REASON = 'Too many commands at once: some were ignored';

/** Faster than an agent clicks or types, slower than a loop: 10 a second, 40 at once. */
const DEFAULT_LIMITS: RateLimitOptions = { perSecond: 10, burst: 40 };
/** A flood is reported once per this long, with the count so far, not once per command. */
const FLOOD_REPORT_MS = 5000;

/**
 * The phone's door for call commands: a command acts only on the call it names (a widget working
 * from a stale snapshot, or a hostile one, must not hang up or mute whatever call is current), and
 * a flood of commands is cut to a rate the phone and the agent's panel can take.
 */
export class CommandGate {
  private readonly limiter: RateLimiter;
  private flooded = 0;
  private lastFloodReport = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly currentCallId: () => string | null,
    limits: RateLimitOptions = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter = new RateLimiter(limits, now);
  }

  admit(command: CallCommandKind, callId: string | null): Verdict {
    if (!this.limiter.take('phone')) {
      this.flooded += 1;
      const report = this.now() - this.lastFloodReport >= FLOOD_REPORT_MS;
      if (report) this.lastFloodReport = this.now();
      return { act: false, reason: FLOOD_REASON, report, ignored: this.flooded };
    }
    // Dial names no call: it starts one (and the phone refuses it while another is up).
    if (command === 'cmd.dial') return { act: true };
    const current = this.currentCallId();
    if (callId === current) return { act: true };
    return {
      act: false,
      reason: current === null ? `There is no call ${callId ?? ''} to act on`.trimEnd() : `Call ${callId ?? 'unnamed'} is not the current call`,
      report: true,
    };
  }
}
