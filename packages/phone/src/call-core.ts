import type { CallSnapshot, CallStatus, EndCause } from '@patchbay/contract';
import { CALL_MOVES, CallEventOutOfStateError, InvalidCallTransitionError, moveState, refusedPart, type CallEvent, type CallMove, type CallMoveName } from './call-machine.js';
import { applyCallEvent, initialSnapshot } from './apply-call-event.js';
import { NoCallError, TransferError } from './phone-errors.js';
import type { PhoneLogger } from './phone-options.js';

export type Listener<T> = (value: T) => void;

/**
 * The call's state as the phone holds it: the snapshot, its listeners, and the one way it changes
 * (dispatch through the call machine). Every guard of the phone asks this core, which asks the
 * table (CALL_MOVES). The modules around it (gateway connection, media, transfer follow-up,
 * consultation, page unload) act; only this core remembers.
 */
export class CallCore {
  private current: CallSnapshot;
  private readonly listeners = new Set<Listener<CallSnapshot>>();
  private readonly statusHooks: Array<(before: CallStatus, after: CallStatus) => void> = [];
  /** What the agent asked for that will end the call, so the SIP end is attributed honestly. */
  localEnd: EndCause | null = null;

  /**
   * Widgets keep the highest seq they saw: a phone that replaces another (a reload, a tab taking
   * over) must count on from above it, so it starts at its start time in ms (`seq`).
   */
  constructor(
    seq: number,
    private readonly log: PhoneLogger,
  ) {
    this.current = initialSnapshot(seq);
  }

  /** The latest call snapshot (seq increases with every change). */
  get snapshot(): CallSnapshot {
    return this.current;
  }

  /** Calls `listener` now with the current snapshot and then on every change; returns an unsubscribe. */
  onSnapshot(listener: Listener<CallSnapshot>): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  /** Runs `hook` on every status change, before the snapshot's listeners hear of it. */
  onStatusChange(hook: (before: CallStatus, after: CallStatus) => void): void {
    this.statusHooks.push(hook);
  }

  /**
   * Applies an event; one the table refuses is logged and dropped (gateway events repeat and come
   * late). Returns whether it was applied.
   */
  dispatch(event: CallEvent): boolean {
    const before = this.current.status;
    try {
      this.current = applyCallEvent(this.current, event);
    } catch (error) {
      if (!(error instanceof InvalidCallTransitionError || error instanceof CallEventOutOfStateError)) throw error;
      this.log('warn', `dropped call event ${event.type}`, error.message);
      return false;
    }
    const after = this.current.status;
    if (before !== after) for (const hook of this.statusHooks) hook(before, after);
    for (const listener of this.listeners) listener(this.current);
    return true;
  }

  /** Applies `event` only while its move (the event's own row unless named) is legal now. */
  dispatchIfAllowed(event: CallEvent, move: CallMoveName = event.type): void {
    if (this.allows(move)) this.dispatch(event);
  }

  /** Whether the table allows `move` now; `opening`: the phone is starting a consultation. */
  allows(move: CallMoveName, opening = false): boolean {
    return refusedPart(move, moveState(this.current, opening)) === null;
  }

  /**
   * Refuses an agent's command the table does not allow now: NoCallError for the call's status,
   * TransferError (with the row's words) for its consultation or transfer request.
   */
  require(move: CallMoveName, action: string, opening = false): void {
    const state = moveState(this.current, opening);
    const part = refusedPart(move, state);
    if (part === null) return;
    const row: CallMove = CALL_MOVES[move];
    if (part === 'call') throw new NoCallError(action, state.status);
    if (part === 'consult') throw new TransferError(row.consult?.action ?? action, row.consult?.refusal ?? `the consultation is ${state.consult}`);
    throw new TransferError(action, row.transfer?.refusal ?? `the transfer request is ${state.transfer}`);
  }
}
