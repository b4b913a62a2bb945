import { CALL_STATUSES, isCallActive, type CallQuality, type CallSnapshot, type CallStatus, type ConsultCall, type ConsultStatus, type EndCause, type TransferAttempt } from '@patchbay/contract';

/** No call, or the last one over: where a new call starts. */
const NO_CALL = ['idle', 'ended', 'failed'] as const;
/** The agent's call to someone, not answered yet. */
const CALLING_OUT = ['dialing', 'ringing-out'] as const;
/** Answered: talking, or the customer waiting on hold. */
const TALKING = ['connected', 'on-hold'] as const;
const LIVE = [...CALLING_OUT, 'ringing-in', ...TALKING] as const;

/**
 * The consultation as a move sees it: none in this call, its status, or `opening` (the phone has
 * started one that is not in the snapshot yet: it is holding the customer first).
 */
export type ConsultPhase = 'none' | 'opening' | ConsultStatus;
/** The call's transfer request: none, or the latest one's status. */
export type TransferPhase = 'none' | TransferAttempt['status'];
const CONSULTING = ['dialing', 'ringing-out', 'connected'] as const;
/** No consultation in progress: none yet, or the last one over. */
const NOT_CONSULTING = ['none', 'ended', 'failed'] as const;
const NO_TRANSFER_PENDING = ['none', 'refused'] as const;

/**
 * One row of the table. A move is legal when the call's status is in `from` and the consultation
 * and the transfer request are in their rows' `from`; `to` is where each goes (absent: unchanged).
 * `refusal` (and `action`, when it differs from the command's) is what the agent is told when a
 * command is refused for that part.
 */
export interface CallMove {
  readonly from: readonly CallStatus[];
  /** `by-cause`: ended or failed, as statusForCause says; `consult`: the consultation's status (it goes on as the call). */
  readonly to?: CallStatus | 'by-cause' | 'consult';
  readonly consult?: { readonly from: readonly ConsultPhase[]; readonly to?: ConsultStatus | 'by-cause'; readonly refusal?: string; readonly action?: string };
  readonly transfer?: { readonly from: readonly TransferPhase[]; readonly to?: TransferAttempt['status']; readonly refusal?: string };
}

/**
 * Every legal move of the call, as data, and the one place that says when each may happen. A call
 * ends in `ended` (someone hung up, it was cancelled or transferred) or `failed` (it could not be
 * set up or could not be kept); the next call starts from there. While the customer is on hold the
 * agent may consult someone on a second call (`consult`), and ask the far end to take the call
 * elsewhere (`transfer`, one request at a time).
 *
 * - Rows named after a CallEvent are what applyCallEvent accepts, and nothing else.
 * - The agent's commands are checked against their rows before the phone acts (Phone refuses with
 *   NoCallError, or TransferError for the consultation or transfer part). `dial`, `held` (hold),
 *   `muted` (mute) and `transfer-requested` serve as commands too.
 * - The phone's own decisions on a gateway event (the last rows) are checked the same way.
 *
 * CALL_TRANSITIONS, the status graph, is derived from the rows that move the call; applyCallEvent
 * (apply-call-event.ts) makes the moves.
 */
export const CALL_MOVES = {
  // What happens to the call.
  dial: { from: NO_CALL, to: 'dialing' },
  incoming: { from: NO_CALL, to: 'ringing-in' },
  'remote-ringing': { from: ['dialing'], to: 'ringing-out' },
  /** The far end answered our call, or Janus confirms the agent's answer. */
  accepted: { from: [...CALLING_OUT, 'ringing-in'], to: 'connected' },
  held: { from: ['connected'], to: 'on-hold' },
  resumed: { from: ['on-hold'], to: 'connected' },
  /** The agent's microphone is in the call once they placed or answered it. */
  muted: { from: [...CALLING_OUT, ...TALKING] },
  quality: { from: TALKING },
  end: { from: LIVE, to: 'by-cause' },
  /** The customer waits on hold while the agent consults; one consultation at a time. */
  'consult-dial': { from: ['on-hold'], consult: { from: NOT_CONSULTING, to: 'dialing' } },
  'consult-ringing': { from: LIVE, consult: { from: ['dialing'], to: 'ringing-out' } },
  'consult-accepted': { from: LIVE, consult: { from: ['dialing', 'ringing-out'], to: 'connected' } },
  'consult-end': { from: LIVE, consult: { from: CONSULTING, to: 'by-cause' } },
  /** A new call that starts where the consultation is, right after the customer's call ended. */
  'consult-goes-on': { from: ['ended', 'failed'], to: 'consult' },
  'transfer-requested': { from: TALKING, transfer: { from: NO_TRANSFER_PENDING, to: 'requested', refusal: 'the last transfer request has no answer yet' } },
  'transfer-refused': { from: LIVE, transfer: { from: ['requested'], to: 'refused' } },

  // What the agent may ask.
  answer: { from: ['ringing-in'], to: 'connected' },
  decline: { from: ['ringing-in'], to: 'by-cause' },
  /** A ringing inbound call is declined instead. */
  'hang-up': { from: [...CALLING_OUT, ...TALKING], to: 'by-cause' },
  /** A consultation being opened counts too: the customer stays on hold until it is done. */
  unhold: { from: ['on-hold'], to: 'connected', consult: { from: NOT_CONSULTING, refusal: 'complete or cancel the consultation first', action: 'resume the customer' } },
  'send-dtmf': { from: TALKING },
  'blind-transfer': { from: TALKING, consult: { from: [...NOT_CONSULTING, 'opening'], refusal: 'a consultation is in progress; complete or cancel it', action: 'transfer blind' } },
  /** Holds a connected customer first. */
  consult: { from: TALKING, consult: { from: NOT_CONSULTING, refusal: 'a consultation is already in progress' } },
  'complete-transfer': { from: ['on-hold'], consult: { from: ['connected'], refusal: 'the consulted party has not answered' } },
  /** An ended consultation too: the customer comes off hold. */
  'cancel-consult': {
    from: ['on-hold'],
    consult: { from: ['opening', ...CONSULTING, 'ended', 'failed'], refusal: 'there is none' },
    transfer: { from: NO_TRANSFER_PENDING, refusal: 'the transfer is waiting for an answer' },
  },

  // What the phone decides on a gateway event.
  /** The SIP plugin refused the call request before it left (an error event while dialling). */
  'setup-error': { from: ['dialing'], to: 'by-cause' },
  'consult-setup-error': { from: LIVE, consult: { from: ['dialing'], to: 'by-cause' } },
  /** The customer hung up during a consultation and no transfer waits: the consultation goes on. */
  'customer-left': { from: LIVE, to: 'by-cause', consult: { from: CONSULTING }, transfer: { from: NO_TRANSFER_PENDING } },
  /** The far end's word on our REFER counts while one waits, however the call is. */
  'transfer-answer': { from: CALL_STATUSES, transfer: { from: ['requested'] } },
  /** A new media path (ICE restart) for a call whose media is up. */
  'ice-restart': { from: TALKING },
} as const satisfies Record<string, CallMove>;

export type CallMoveName = keyof typeof CALL_MOVES;

/** The status graph: every call status and where a move of the table may take it. */
export const CALL_TRANSITIONS: Readonly<Record<CallStatus, readonly CallStatus[]>> = statusGraph();

function statusGraph(): Record<CallStatus, CallStatus[]> {
  const graph = Object.fromEntries(CALL_STATUSES.map((status) => [status, [] as CallStatus[]])) as Record<CallStatus, CallStatus[]>;
  for (const move of Object.values(CALL_MOVES) as CallMove[]) {
    const targets: readonly CallStatus[] = move.to === 'by-cause' ? ['ended', 'failed'] : move.to === undefined || move.to === 'consult' ? [] : [move.to];
    for (const from of move.from) for (const to of targets) if (!graph[from].includes(to)) graph[from].push(to);
  }
  return graph;
}

export class InvalidCallTransitionError extends Error {
  override name = 'InvalidCallTransitionError';
  constructor(
    readonly from: CallStatus,
    readonly to: CallStatus,
  ) {
    super(`Invalid call transition from ${from} to ${to}`);
  }
}

/** Refuses a status change the table does not list. */
export function transition(from: CallStatus, to: CallStatus): CallStatus {
  if (!CALL_TRANSITIONS[from].includes(to)) throw new InvalidCallTransitionError(from, to);
  return to;
}

/** What a move is checked against: the call's status, its consultation and its transfer request. */
export interface MoveState {
  status: CallStatus;
  consult: ConsultPhase;
  transfer: TransferPhase;
}

/** The state of a snapshot; `opening`: the phone has started a consultation the snapshot does not show yet. */
export function moveState(snapshot: CallSnapshot, opening = false): MoveState {
  const { consult, transfer } = snapshot;
  const live = consult != null && isCallActive(consult.status);
  return { status: snapshot.status, consult: live || !opening ? (consult?.status ?? 'none') : 'opening', transfer: transfer?.status ?? 'none' };
}

/** The part of the state that refuses `move`, checked in that order, or null when it is legal. */
export function refusedPart(move: CallMoveName, state: MoveState): 'call' | 'consult' | 'transfer' | null {
  const row: CallMove = CALL_MOVES[move];
  if (!row.from.includes(state.status)) return 'call';
  if (row.consult && !row.consult.from.includes(state.consult)) return 'consult';
  if (row.transfer && !row.transfer.from.includes(state.transfer)) return 'transfer';
  return null;
}

/** Causes that mean the call could not be set up or could not be kept, rather than ended normally. */
const FAILURE_CAUSES: ReadonlySet<EndCause> = new Set<EndCause>(['declined', 'busy', 'not-found', 'no-answer', 'gateway-unreachable', 'gateway-lost', 'media-failed', 'error']);

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

export class CallEventOutOfStateError extends Error {
  override name = 'CallEventOutOfStateError';
  constructor(
    readonly status: CallStatus,
    readonly event: CallEvent['type'],
  ) {
    super(`Call event ${event} is not valid while ${status}`);
  }
}
