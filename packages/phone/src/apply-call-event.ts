/**
 * The call machine's one step: the next snapshot for an event, once the table (CALL_MOVES in
 * call-machine.ts) allows it. Pure: no Janus, no DOM.
 */
import { idleSnapshot, isCallActive, isConsultActive, type CallDirection, type CallSnapshot, type CallStatus, type ConsultCall, type EndCause, type TransferAttempt } from '@patchbay/contract';
import { CALL_MOVES, CallEventOutOfStateError, InvalidCallTransitionError, moveState, refusedPart, statusForCause, type CallEvent, type CallMove } from './call-machine.js';

/**
 * How a consultation ends when the call it serves ends first: with it when both go together (a
 * completed transfer, a lost gateway, a closed page), else hung up by the phone.
 */
export function consultCauseWhenCallEnds(cause: EndCause): EndCause {
  return cause === 'transferred' || cause === 'gateway-lost' || cause === 'page-unloaded' ? cause : 'local-hangup';
}

type Ending = { cause: EndCause; detail: string | null; at: number };

/** What ending sets on a call or a consultation: the final status for the cause, when and why. */
function endOf(event: Ending): { status: 'ended' | 'failed'; endedAt: number; cause: EndCause; causeDetail: string | null } {
  return { status: statusForCause(event.cause), endedAt: event.at, cause: event.cause, causeDetail: event.detail };
}

/** `seq` starts where the caller says: a phone starts at its start time, so it outranks an earlier phone's. */
export function initialSnapshot(seq = 0): CallSnapshot {
  return idleSnapshot(seq);
}

function newCall(previous: CallSnapshot, direction: CallDirection, event: { callId: string; number: string; at: number }, status: CallStatus): CallSnapshot {
  return {
    ...initialSnapshot(),
    seq: previous.seq + 1,
    status,
    callId: event.callId,
    direction,
    remoteNumber: event.number,
    startedAt: event.at,
  };
}

/**
 * Why the table refuses `event`: a status move it does not list (of the call, or of a live
 * consultation) is an invalid transition; anything else is an event out of its state.
 */
function refusal(snapshot: CallSnapshot, event: CallEvent, part: 'call' | 'consult' | 'transfer'): Error {
  const row: CallMove = CALL_MOVES[event.type];
  const endsAs = (to: CallStatus | 'by-cause'): CallStatus => (to !== 'by-cause' ? to : statusForCause('cause' in event ? event.cause : 'error'));
  if (part === 'call' && row.to !== undefined && row.to !== 'consult') return new InvalidCallTransitionError(snapshot.status, endsAs(row.to));
  const { consult } = snapshot;
  const progression = row.consult?.from.some((phase) => phase !== 'none' && phase !== 'opening' && isCallActive(phase));
  if (part === 'consult' && row.consult?.to !== undefined && progression && isConsultActive(consult)) {
    return new InvalidCallTransitionError(consult.status, endsAs(row.consult.to));
  }
  return new CallEventOutOfStateError(snapshot.status, event.type);
}

/**
 * The pure call machine: the next snapshot (seq + 1) for an event, or an
 * InvalidCallTransitionError / CallEventOutOfStateError when CALL_MOVES does not allow it now.
 */
export function applyCallEvent(snapshot: CallSnapshot, event: CallEvent): CallSnapshot {
  const part = refusedPart(event.type, moveState(snapshot));
  if (part !== null) throw refusal(snapshot, event, part);
  const next = { ...snapshot, seq: snapshot.seq + 1 };
  // The table checked the consultation is live where a row moves it.
  const consult = snapshot.consult as ConsultCall;
  switch (event.type) {
    case 'dial':
      return { ...newCall(snapshot, 'outbound', event, CALL_MOVES.dial.to), recordId: event.recordId ?? null };
    case 'incoming':
      return newCall(snapshot, 'inbound', event, CALL_MOVES.incoming.to);
    case 'remote-ringing':
      return { ...next, status: CALL_MOVES['remote-ringing'].to };
    case 'accepted':
      return { ...next, status: CALL_MOVES.accepted.to, connectedAt: event.at };
    case 'held':
      return { ...next, status: CALL_MOVES.held.to };
    case 'resumed':
      return { ...next, status: CALL_MOVES.resumed.to };
    case 'muted':
      return { ...next, muted: event.muted };
    case 'quality':
      return { ...next, quality: event.quality };
    case 'end': {
      if (!isConsultActive(snapshot.consult)) return { ...next, ...endOf(event) };
      // A consultation that goes on leaves this call's record: the next snapshot carries it as a call.
      if (event.consultGoesOn) return { ...next, ...endOf(event), consult: null };
      const detail = event.cause === 'transferred' ? event.detail : `the call ended (${event.cause})`;
      return { ...next, ...endOf(event), consult: { ...consult, ...endOf({ ...event, cause: consultCauseWhenCallEnds(event.cause), detail }) } };
    }
    case 'consult-goes-on': {
      // A new call (not a move of the status graph) that starts where the consultation is, ringing
      // or talking, right after the customer's call ended, however it ended.
      const goesOn = event.consult;
      if (!isConsultActive(goesOn)) throw new CallEventOutOfStateError(snapshot.status, event.type);
      return {
        ...initialSnapshot(),
        seq: snapshot.seq + 1,
        status: goesOn.status,
        callId: event.callId,
        direction: 'outbound',
        remoteNumber: goesOn.target,
        startedAt: goesOn.startedAt,
        connectedAt: goesOn.connectedAt,
        // The agent's microphone state carries over: mute covers every line.
        muted: snapshot.muted,
      };
    }
    case 'consult-dial':
      return {
        ...next,
        consult: { status: CALL_MOVES['consult-dial'].consult.to, target: event.target, startedAt: event.at, connectedAt: null, endedAt: null, cause: null, causeDetail: null },
      };
    case 'consult-ringing':
      return { ...next, consult: { ...consult, status: CALL_MOVES['consult-ringing'].consult.to } };
    case 'consult-accepted':
      return { ...next, consult: { ...consult, status: CALL_MOVES['consult-accepted'].consult.to, connectedAt: event.at } };
    case 'consult-end':
      return { ...next, consult: { ...consult, ...endOf(event) } };
    case 'transfer-requested':
      return { ...next, transfer: { mode: event.mode, target: event.target, status: CALL_MOVES['transfer-requested'].transfer.to, detail: null, at: event.at } };
    case 'transfer-refused':
      return { ...next, transfer: { ...(snapshot.transfer as TransferAttempt), status: CALL_MOVES['transfer-refused'].transfer.to, detail: event.detail } };
  }
}
