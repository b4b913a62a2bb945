/**
 * Commands: what widgets ask for. Widgets publish them on the agent's `cmd.*` subjects; the shell's
 * phone is the one subscriber that acts on the call commands, the shell applies setStatus and
 * logCall. A command is a request, not a fact: the resulting call state says whether it happened.
 */

/**
 * `pb.v1.agent.<agentId>.cmd.dial`: start an outbound call.
 * Emitted when the agent presses Call in the dialpad or clicks a phone number in Salesforce
 * (click-to-dial). Not emitted when a call is already in progress (the dialpad disables Call).
 */
export interface DialCommand {
  /**
   * As typed or as Salesforce shows it: digits, `+ * #`, spaces, dashes, dots, parentheses; or a
   * `sip:` URI, dialled as it is (another agent, whose address is their SIP URI).
   */
  number: string;
  /**
   * Salesforce record the number was clicked on (15/18 chars). It travels with the call: the
   * phone's snapshots of that call carry it as `recordId`, and the call's Task is related to it.
   */
  recordId?: string;
  /**
   * Digits to send as DTMF once the call is connected: an extension behind a switchboard ("x12"
   * after a number in Salesforce). 1..32 of 0-9 * # A-D and `,`; each `,` waits two seconds
   * before the digits after it, as a phone's pause does (for a menu that answers before it
   * listens). Not sent if the call ends or is put on hold first.
   */
  extension?: string;
}

/**
 * `…cmd.answer`: accept the ringing inbound call.
 * Emitted when the agent presses Answer. Not emitted for a call that is not ringing in.
 */
export interface AnswerCommand {
  callId: string;
}

/**
 * `…cmd.decline`: refuse the ringing inbound call (the caller hears busy).
 * Emitted when the agent presses Decline. Not emitted once the call is answered (use hangup).
 */
export interface DeclineCommand {
  callId: string;
}

/**
 * `…cmd.hangup`: end the call, or cancel it while it rings out.
 * Emitted when the agent presses Hang up. Not emitted for a call already ended.
 */
export interface HangupCommand {
  callId: string;
}

/**
 * `…cmd.mute`: stop (`on: true`) or resume (`on: false`) sending the agent's microphone.
 * Emitted when the agent toggles Mute in a connected call. Not emitted while idle.
 */
export interface MuteCommand {
  callId: string;
  on: boolean;
}

/**
 * `…cmd.hold`: put the call on hold (`on: true`) or take it off hold (`on: false`).
 * Emitted when the agent toggles Hold in a connected call. Not emitted while ringing.
 */
export interface HoldCommand {
  callId: string;
  on: boolean;
}

/**
 * `…cmd.dtmf`: send DTMF digits in the connected call.
 * Emitted when the agent presses keypad keys during a call (one command per key press or per
 * pasted sequence). Not emitted before the call is connected.
 */
export interface DtmfCommand {
  callId: string;
  /** 1..32 of 0-9 * # A-D. */
  digits: string;
}

/**
 * `…cmd.transfer`: transfer the call, blind or attended.
 * - `blind`: the customer is sent to `target` at once (SIP REFER).
 * - `consult`: the first step of an attended transfer: the customer goes on hold and the agent
 *   calls `target` (the call snapshot's `consult`).
 * - `complete`: the customer is connected to the consulted party and the agent leaves both calls.
 * - `cancel`: the consultation is hung up and the customer taken off hold.
 * Emitted when the agent presses the matching transfer button. Not emitted without a call.
 */
export type TransferCommand = TransferTo<'blind'> | TransferTo<'consult'> | { callId: string; mode: 'complete' } | { callId: string; mode: 'cancel' };

interface TransferTo<Mode extends 'blind' | 'consult'> {
  callId: string;
  mode: Mode;
  /** A phone number or a `sip:` URI. */
  target: string;
}

/** The statuses an agent picks; `offline` is also what a closed softphone leaves behind. */
export const CHOSEN_STATUSES = ['available', 'busy', 'away', 'offline'] as const;
export type ChosenStatus = (typeof CHOSEN_STATUSES)[number];

/**
 * Every status presence can show: the chosen ones, and two the shell sets while they apply:
 * `on-call` from dialling or answering until the call ends, `wrap-up` after a call that was
 * answered until the agent logs it or picks a status.
 */
export const PRESENCE_STATUSES = [...CHOSEN_STATUSES, 'on-call', 'wrap-up'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** Whether the agent picked `status`, as opposed to a status the shell sets while it applies (`on-call`, `wrap-up`). */
export function isChosenStatus(status: PresenceStatus): status is ChosenStatus {
  return (CHOSEN_STATUSES as readonly string[]).includes(status);
}

/** Each status in words for the agent (the header, the team view, announcements). */
export const PRESENCE_LABELS: Readonly<Record<PresenceStatus, string>> = {
  available: 'Available',
  busy: 'Busy',
  away: 'Away',
  offline: 'Offline',
  'on-call': 'On a call',
  'wrap-up': 'Wrap-up',
};

/**
 * `…cmd.set-status`: the agent picked a status.
 * Emitted when the agent chooses a status in the shell's header (or a widget's picker). Not
 * emitted for automatic changes. Presence has one writer: the shell that runs the agent's phone
 * takes this command, follows the call (on a call, wrap-up) and stores the result through the bus
 * store; nothing else writes presence. While the chosen status is `away` or `offline` the phone
 * turns callers away (480 Temporarily Unavailable).
 */
export interface SetStatusCommand {
  status: ChosenStatus;
}

/**
 * `…cmd.log-call`: one widget's part of the call's log, saved to the call history and to
 * Salesforce as the call's Task.
 * Emitted when the agent saves a wrap-up (the call log's disposition, another widget's notes).
 * Any widget may send one, during the call or after it.
 *
 * The call's log is built from parts, merged field by field, never replaced:
 * - a field the command carries replaces that field's earlier value (the latest part wins, per
 *   field); empty notes (`''`) empty them;
 * - a field it leaves out keeps what earlier parts gave it: a widget that sends only `notes`
 *   never erases the disposition another widget sent, and the other way round;
 * - a command with no field saves the log again as it stands (a retry after a failed save).
 * The merged log goes to the call history (one entry per call, the latest merged state) and to
 * the call's one Task, and `state.call-log` says how the save went.
 */
export interface LogCallCommand {
  callId: string;
  /** Task.CallDisposition; 1..80 characters. */
  disposition?: string;
  /** Task.Description; up to 4000 characters, '' empties it. */
  notes?: string;
  /**
   * Salesforce record to relate the Task to (WhoId/WhatId), 15/18 chars. Without it, the record
   * the call was dialled from (the snapshot's `recordId`) or popped for.
   */
  recordId?: string;
}

/** The commands the phone acts on, each by its subject kind. */
export const CALL_COMMANDS = ['cmd.dial', 'cmd.answer', 'cmd.decline', 'cmd.hangup', 'cmd.mute', 'cmd.hold', 'cmd.dtmf', 'cmd.transfer'] as const;
export type CallCommandKind = (typeof CALL_COMMANDS)[number];

/**
 * `…state.refused`: the phone did not carry out a command, and why.
 * Emitted when a call command names a call that is not the phone's current one (nothing is done
 * to any call), when commands come faster than the phone takes them, and when carrying one out
 * failed. Not emitted for a command carried out (the call state shows it), and not once per
 * command of a flood: the first refusal is published and the rest are counted in the log.
 */
export interface CommandRefused {
  command: CallCommandKind;
  /** The call the command named; null for dial, which names none. */
  callId: string | null;
  /** In words for the agent. */
  reason: string;
  /** Epoch milliseconds. */
  at: number;
}
