import {
  idleSnapshot,
  isCallActive,
  isConsultActive,
  type CallDirection,
  type CallQuality,
  type CallSnapshot,
  type CallStatus,
  type ConsultCall,
  type ConsultStatus,
  type EndCause,
  type TransferAttempt,
} from '@patchbay/contract';

/**
 * Every legal move of the call, as data. A call ends in `ended` (someone hung up, it was
 * cancelled or transferred) or `failed` (it could not be set up or could not be kept); the next
 * call starts from there.
 */
export const CALL_TRANSITIONS: Readonly<Record<CallStatus, readonly CallStatus[]>> = {
  idle: ['dialing', 'ringing-in'],
  dialing: ['ringing-out', 'connected', 'ended', 'failed'],
  'ringing-out': ['connected', 'ended', 'failed'],
  'ringing-in': ['connected', 'ended', 'failed'],
  connected: ['on-hold', 'ended', 'failed'],
  'on-hold': ['connected', 'ended', 'failed'],
  ended: ['dialing', 'ringing-in'],
  failed: ['dialing', 'ringing-in'],
};

export class InvalidCallTransitionError extends Error {
  override name = 'InvalidCallTransitionError';
  constructor(
    readonly from: CallStatus,
    readonly to: CallStatus,
  ) {
    super(`Invalid call transition from ${from} to ${to}`);
  }
}

/** The one gate every status change goes through; refuses a move the table does not list. */
export function transition(from: CallStatus, to: CallStatus): CallStatus {
  if (!CALL_TRANSITIONS[from].includes(to)) throw new InvalidCallTransitionError(from, to);
  return to;
}

/** Causes that mean the call could not be set up or could not be kept, rather than ended normally. */
const FAILURE_CAUSES: ReadonlySet<EndCause> = new Set<EndCause>([
  'declined',
  'busy',
  'not-found',
  'no-answer',
  'gateway-unreachable',
  'gateway-lost',
  'media-failed',
  'error',
]);

export function statusForCause(cause: EndCause): 'ended' | 'failed' {
  return FAILURE_CAUSES.has(cause) ? 'failed' : 'ended';
}

/** What happened, in the machine's words; Janus's words are translated in janus-sip-events.ts. */
export type CallEvent =
  /** `recordId`: the Salesforce record the call was dialled from, carried by every snapshot of the call. */
  | { type: 'dial'; callId: string; number: string; at: number; recordId?: string | null }
  | { type: 'incoming'; callId: string; number: string; at: number }
  | { type: 'remote-ringing' }
  | { type: 'accepted'; at: number }
  | { type: 'held' }
  | { type: 'resumed' }
  | { type: 'muted'; muted: boolean }
  | { type: 'quality'; quality: CallQuality }
  /** `consultGoesOn`: the customer left during a consultation, which becomes the next call. */
  | { type: 'end'; cause: EndCause; detail: string | null; at: number; consultGoesOn?: boolean }
  /** The attended transfer's second call; it exists only while the customer's call is on hold. */
  | { type: 'consult-dial'; target: string; at: number }
  | { type: 'consult-ringing' }
  | { type: 'consult-accepted'; at: number }
  | { type: 'consult-end'; cause: EndCause; detail: string | null; at: number }
  /** The consultation of a call that just ended goes on as the agent's call (outbound, to its target). */
  | { type: 'consult-goes-on'; callId: string; consult: ConsultCall }
  /** The agent asked the far end to take the call elsewhere (REFER); one request at a time. */
  | { type: 'transfer-requested'; mode: TransferAttempt['mode']; target: string; at: number }
  | { type: 'transfer-refused'; detail: string };

/**
 * How a consultation ends when the call it serves ends first: with it when both go together (a
 * completed transfer, a lost gateway, a closed page), else hung up by the phone.
 */
export function consultCauseWhenCallEnds(cause: EndCause): EndCause {
  return cause === 'transferred' || cause === 'gateway-lost' || cause === 'page-unloaded' ? cause : 'local-hangup';
}

type Ending = { cause: EndCause; detail: string | null; at: number };

/** What ending sets on a call or a consultation: the final status for the cause, when and why. */
function endOf(from: CallStatus, event: Ending): { status: 'ended' | 'failed'; endedAt: number; cause: EndCause; causeDetail: string | null } {
  const status = statusForCause(event.cause);
  transition(from, status);
  return { status, endedAt: event.at, cause: event.cause, causeDetail: event.detail };
}

function endConsult(consult: ConsultCall, event: Ending): ConsultCall {
  return { ...consult, ...endOf(consult.status, event) };
}

/** Consultation moves go through the call's own table (its statuses are a subset). */
function consultTransition(from: ConsultStatus, to: ConsultStatus): ConsultStatus {
  transition(from, to);
  return to;
}

/** `seq` starts where the caller says: a phone starts at its start time, so it outranks an earlier phone's. */
export function initialSnapshot(seq = 0): CallSnapshot {
  return idleSnapshot(seq);
}

function newCall(previous: CallSnapshot, direction: CallDirection, event: { callId: string; number: string; at: number }, to: CallStatus): CallSnapshot {
  return {
    ...initialSnapshot(),
    seq: previous.seq + 1,
    status: transition(previous.status, to),
    callId: event.callId,
    direction,
    remoteNumber: event.number,
    startedAt: event.at,
  };
}

export class CallEventOutOfStateError extends Error {
  override name = 'CallEventOutOfStateError';
  constructor(
    readonly status: CallStatus,
    readonly event: CallEvent['type'],
  ) {
    super(`Call event ${event} is not valid while ${status}`);
  }
}

/** Flags (mute, quality) change only while a call is up; they are not status moves. */
function requireActive(snapshot: CallSnapshot, type: CallEvent['type']): void {
  if (!isCallActive(snapshot.status)) throw new CallEventOutOfStateError(snapshot.status, type);
}

/**
 * The pure call machine: the next snapshot (seq + 1) for an event, or an
 * InvalidCallTransitionError when the event is not legal in the current state.
 */
export function applyCallEvent(snapshot: CallSnapshot, event: CallEvent): CallSnapshot {
  const next = { ...snapshot, seq: snapshot.seq + 1 };
  switch (event.type) {
    case 'dial':
      return { ...newCall(snapshot, 'outbound', event, 'dialing'), recordId: event.recordId ?? null };
    case 'incoming':
      return newCall(snapshot, 'inbound', event, 'ringing-in');
    case 'remote-ringing':
      return { ...next, status: transition(snapshot.status, 'ringing-out') };
    case 'accepted':
      return { ...next, status: transition(snapshot.status, 'connected'), connectedAt: event.at };
    case 'held':
      return { ...next, status: transition(snapshot.status, 'on-hold') };
    case 'resumed':
      return { ...next, status: transition(snapshot.status, 'connected') };
    case 'muted':
      requireActive(snapshot, event.type);
      return { ...next, muted: event.muted };
    case 'quality':
      requireActive(snapshot, event.type);
      return { ...next, quality: event.quality };
    case 'end': {
      const { consult } = snapshot;
      if (!isConsultActive(consult)) return { ...next, ...endOf(snapshot.status, event) };
      // A consultation that goes on leaves this call's record: the next snapshot carries it as a call.
      if (event.consultGoesOn) return { ...next, ...endOf(snapshot.status, event), consult: null };
      const detail = event.cause === 'transferred' ? event.detail : `the call ended (${event.cause})`;
      return { ...next, ...endOf(snapshot.status, event), consult: endConsult(consult, { ...event, cause: consultCauseWhenCallEnds(event.cause), detail }) };
    }
    case 'consult-goes-on': {
      // Not a move of the table: the next call starts where the consultation is (ringing or
      // talking), right after the customer's call ended, however it ended.
      const { consult } = event;
      if (isCallActive(snapshot.status) || !isConsultActive(consult)) throw new CallEventOutOfStateError(snapshot.status, event.type);
      return {
        ...initialSnapshot(),
        seq: snapshot.seq + 1,
        status: consult.status,
        callId: event.callId,
        direction: 'outbound',
        remoteNumber: consult.target,
        startedAt: consult.startedAt,
        connectedAt: consult.connectedAt,
        // The agent's microphone state carries over: mute covers every line.
        muted: snapshot.muted,
      };
    }
    case 'consult-dial':
      // The customer waits on hold while the agent consults; one consultation at a time.
      if (snapshot.status !== 'on-hold' || isConsultActive(snapshot.consult)) throw new CallEventOutOfStateError(snapshot.status, event.type);
      return {
        ...next,
        consult: { status: 'dialing', target: event.target, startedAt: event.at, connectedAt: null, endedAt: null, cause: null, causeDetail: null },
      };
    case 'consult-ringing': {
      const consult = requireConsult(snapshot, event.type);
      return { ...next, consult: { ...consult, status: consultTransition(consult.status, 'ringing-out') } };
    }
    case 'consult-accepted': {
      const consult = requireConsult(snapshot, event.type);
      return { ...next, consult: { ...consult, status: consultTransition(consult.status, 'connected'), connectedAt: event.at } };
    }
    case 'consult-end':
      return { ...next, consult: endConsult(requireConsult(snapshot, event.type), event) };
    case 'transfer-requested':
      if (!(snapshot.status === 'connected' || snapshot.status === 'on-hold') || snapshot.transfer?.status === 'requested') {
        throw new CallEventOutOfStateError(snapshot.status, event.type);
      }
      return { ...next, transfer: { mode: event.mode, target: event.target, status: 'requested', detail: null, at: event.at } };
    case 'transfer-refused':
      if (snapshot.transfer?.status !== 'requested' || !isCallActive(snapshot.status)) throw new CallEventOutOfStateError(snapshot.status, event.type);
      return { ...next, transfer: { ...snapshot.transfer, status: 'refused', detail: event.detail } };
  }
}

function requireConsult(snapshot: CallSnapshot, type: CallEvent['type']): ConsultCall {
  if (!isConsultActive(snapshot.consult)) throw new CallEventOutOfStateError(snapshot.status, type);
  return snapshot.consult;
}
