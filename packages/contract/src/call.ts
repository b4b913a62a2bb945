/**
 * The call as the phone publishes it. One snapshot type serves every widget: a widget that loads
 * late renders the latest snapshot, and `seq` (strictly increasing per agent: a phone starts at its
 * start time in ms, so a phone that replaces another outranks it) lets it ignore a
 * stale one that arrives after a newer one.
 */

/** Named states of the call state machine (packages/phone owns the transitions). */
export const CALL_STATUSES = ['idle', 'dialing', 'ringing-out', 'ringing-in', 'connected', 'on-hold', 'ended', 'failed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export type CallDirection = 'inbound' | 'outbound';

/**
 * Why a call ended or failed; `detail` carries the SIP reason or the gateway's words. `declined`
 * is the far end refusing the agent's call; `rejected` is the agent turning down a ringing call.
 */
export const END_CAUSES = [
  'local-hangup',
  'remote-hangup',
  'declined',
  'rejected',
  'busy',
  'not-found',
  'no-answer',
  'cancelled',
  'gateway-unreachable',
  'gateway-lost',
  'media-failed',
  'page-unloaded',
  'transferred',
  'error',
] as const;
export type EndCause = (typeof END_CAUSES)[number];

export interface CallQuality {
  /** Seconds. */
  jitter: number;
  /** 0..1 fraction of packets lost since the call connected. */
  packetLoss: number;
  /** Seconds; null until the first RTCP report. */
  roundTripTime: number | null;
  /** E-model estimate, 1..4.5. */
  mos: number;
}

/**
 * The statuses a consultation call goes through (the call's own, without ringing-in and hold:
 * the agent places it, and it exists only to be completed into a transfer or dropped).
 */
export const CONSULT_STATUSES = ['dialing', 'ringing-out', 'connected', 'ended', 'failed'] as const;
export type ConsultStatus = (typeof CONSULT_STATUSES)[number];

/**
 * The second call of an attended transfer: while the customer is on hold, the agent calls the
 * transfer target and talks to them before completing the transfer (or dropping this call and
 * going back to the customer). It ends `transferred` when the transfer completes.
 */
export interface ConsultCall {
  status: ConsultStatus;
  /** The target as the agent dialled it (number or `sip:` URI). */
  target: string;
  /** Epoch milliseconds. */
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  cause: EndCause | null;
  causeDetail: string | null;
}

/**
 * The agent's latest transfer request in this call: `requested` until the far end reports the
 * transferred call answered (the call then ends with cause `transferred`), or `refused` with
 * the far end's words (the call goes on as it was).
 */
export interface TransferAttempt {
  mode: 'blind' | 'attended';
  /** The target as the agent dialled it. */
  target: string;
  status: 'requested' | 'refused';
  detail: string | null;
  /** Epoch milliseconds of the request. */
  at: number;
}

/**
 * `pb.v1.agent.<agentId>.state.call`, and the reply to `query.call`.
 * Emitted when the phone's call state changes: status, mute, quality, end cause (every field change
 * gets a new `seq`). Not emitted when nothing changed (no periodic repeat: a late joiner asks with
 * `query.call`), and never by a widget.
 */
export interface CallSnapshot {
  /** Strictly increasing per agent (a phone starts at its start time in ms); widgets drop a snapshot older than one they have. */
  seq: number;
  status: CallStatus;
  /** Stable id of the current or last call (null while idle with no call yet). */
  callId: string | null;
  direction: CallDirection | null;
  /** The other party's number as dialled or as presented by the caller. */
  remoteNumber: string | null;
  muted: boolean;
  /** Epoch milliseconds. */
  startedAt: number | null;
  connectedAt: number | null;
  endedAt: number | null;
  cause: EndCause | null;
  causeDetail: string | null;
  quality: CallQuality | null;
  /**
   * The attended transfer's consultation call, from the agent starting it until the next call.
   * If the customer hangs up first, the call ends with none, and the next snapshot carries the
   * consultation on as a call of its own (outbound, to its target).
   * Optional, like `transfer`: a phone built before they existed (another tab still on the
   * previous deploy) publishes snapshots without them, and those stay valid.
   */
  consult?: ConsultCall | null;
  transfer?: TransferAttempt | null;
  /**
   * The Salesforce record the call was dialled from: the dial command's `recordId` (a
   * click-to-dial), null for a call dialled without one and for an inbound call. Optional, as
   * `consult`: a phone of an earlier build sends none.
   */
  recordId?: string | null;
}

/** States in which a call exists at the gateway (something to hang up). */
export function isCallActive(status: CallStatus): boolean {
  return status !== 'idle' && status !== 'ended' && status !== 'failed';
}

/** A consultation is up (placed and not yet ended). */
export function isConsultActive(consult: ConsultCall | null | undefined): consult is ConsultCall {
  return consult != null && isCallActive(consult.status);
}

/** The snapshot to show: `incoming` unless `current` is as new or newer (a late or repeated one). */
export function latestSnapshot(current: CallSnapshot | null, incoming: CallSnapshot): CallSnapshot {
  return current && current.seq >= incoming.seq ? current : incoming;
}

/** A phone with no call yet: every call field empty. */
export function idleSnapshot(seq: number): CallSnapshot {
  return {
    seq,
    status: 'idle',
    callId: null,
    direction: null,
    remoteNumber: null,
    muted: false,
    startedAt: null,
    connectedAt: null,
    endedAt: null,
    cause: null,
    causeDetail: null,
    quality: null,
    consult: null,
    transfer: null,
    recordId: null,
  };
}
