import { isCallActive, type CallSnapshot, type ChosenStatus, type PresenceStatus } from '@patchbay/contract';

/** Chosen statuses in which the phone turns callers away instead of ringing. */
const TAKES_NO_CALLS: ReadonlySet<ChosenStatus> = new Set<ChosenStatus>(['away', 'offline']);

/**
 * The agent's status as agents expect it to follow the phone: what they chose, `on-call` while
 * they dial or talk (a call ringing in leaves it as it is), and `wrap-up` after an answered call
 * until they log it or pick a status. Pure: events in, the status out.
 */
export class AgentStatus {
  private call: CallSnapshot | null = null;
  /** The answered call that ended and waits for its wrap-up. */
  private wrappingUp: string | null = null;

  constructor(private chosen: ChosenStatus) {}

  /** The agent picked a status: it applies now (ending a wrap-up), or after the call in progress. */
  choose(status: ChosenStatus): void {
    this.chosen = status;
    this.wrappingUp = null;
  }

  /** A call snapshot from the phone. */
  callChanged(snapshot: CallSnapshot): void {
    const previous = this.call;
    if (isCallActive(snapshot.status)) this.wrappingUp = null;
    else if (snapshot.connectedAt !== null && snapshot.callId !== null && previous?.callId === snapshot.callId && isCallActive(previous.status)) {
      this.wrappingUp = snapshot.callId;
    }
    this.call = snapshot;
  }

  /** The agent logged a call (its wrap-up is done). */
  logged(callId: string): void {
    if (this.wrappingUp === callId) this.wrappingUp = null;
  }

  get status(): PresenceStatus {
    if (this.call && isCallActive(this.call.status) && this.call.status !== 'ringing-in') return 'on-call';
    if (this.wrappingUp !== null) return 'wrap-up';
    return this.chosen;
  }

  /** Why callers are turned away now, in words for them, or null when calls ring. */
  get turnAwayReason(): string | null {
    return TAKES_NO_CALLS.has(this.chosen) ? `The agent is ${this.chosen}` : null;
  }
}
