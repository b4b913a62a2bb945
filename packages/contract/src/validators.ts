/** Runtime validators for every payload type, checked against the types by `Shape<T>`. */
import { CALL_STATUSES, CONSULT_STATUSES, END_CAUSES, type CallQuality, type CallSnapshot, type ConsultCall, type TransferAttempt } from './call.js';
import {
  CHOSEN_STATUSES,
  PRESENCE_STATUSES,
  CALL_COMMANDS,
  type AnswerCommand,
  type CommandRefused,
  type DeclineCommand,
  type DialCommand,
  type DtmfCommand,
  type HangupCommand,
  type HoldCommand,
  type LogCallCommand,
  type MuteCommand,
  type SetStatusCommand,
  type TransferCommand,
} from './commands.js';
import {
  WIDGET_HEALTH_STATUSES,
  type CallHistoryEntry,
  type CallLogOutcome,
  type CallStateQuery,
  type PhoneHandoverReply,
  type PhoneHandoverRequest,
  type PhoneRenewalReply,
  type PhoneRenewalRequest,
  type SealedCredentials,
  type PhoneWindowQuery,
  type PhoneWindowState,
  type HistoryPage,
  type HistoryQuery,
  type PresenceList,
  type PresenceListQuery,
  type PresenceState,
  type StoreReceipt,
  type WidgetHealth,
} from './state.js';
import { boolean, list, nullable, number, object, oneOf, optional, string, variants, type Validator } from './validate.js';

const callId = string({ min: 1, max: 128, pattern: /^[A-Za-z0-9_.:@-]+$/, what: 'call id of 1..128 of A-Z a-z 0-9 _ . : @ -' });
const phoneNumber = string({ min: 1, max: 64, pattern: /^[+0-9*#(). -]*[0-9*#][+0-9*#(). -]*$/, what: 'phone number (digits, + * # ( ) . - space)' });
const sipUri = /^sips?:[^\s<>"]{1,200}$/;
/** A phone number, or a `sip:` URI (another agent, a queue: what numbers do not name). */
const callTarget: Validator<string> = (input, path) => (typeof input === 'string' && sipUri.test(input) ? { ok: true, value: input } : phoneNumber(input, path));
const recordId = string({ min: 15, max: 18, pattern: /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/, what: 'Salesforce id (15 or 18 letters and digits)' });
const epochMs = number({ integer: true, min: 0, max: 8.64e15 });
const freeText = (max: number) => string({ max });
const directionValues = ['inbound', 'outbound'] as const;
const direction = oneOf(directionValues);

/** The DTMF digits a dial command sends once connected; `,` pauses (see DialCommand.extension). */
const extension = string({ min: 1, max: 32, pattern: /^[0-9*#A-D,]*[0-9*#A-D][0-9*#A-D,]*$/, what: '1..32 of DTMF digits (0-9 * # A-D) and , pauses, with a digit' });
export const dialCommand = object<DialCommand>({ number: callTarget, recordId: optional(recordId), extension: optional(extension) });
export const answerCommand = object<AnswerCommand>({ callId });
export const declineCommand = object<DeclineCommand>({ callId });
export const hangupCommand = object<HangupCommand>({ callId });
export const muteCommand = object<MuteCommand>({ callId, on: boolean });
export const holdCommand = object<HoldCommand>({ callId, on: boolean });
export const dtmfCommand = object<DtmfCommand>({
  callId,
  digits: string({ min: 1, max: 32, pattern: /^[0-9*#A-D]+$/, what: '1..32 DTMF digits (0-9 * # A-D)' }),
});

type TransferOf<M extends TransferCommand['mode']> = Extract<TransferCommand, { mode: M }>;
export const transferCommand = variants<TransferCommand, 'mode'>('mode', {
  blind: object<TransferOf<'blind'>>({ callId, mode: oneOf(['blind'] as const), target: callTarget }),
  consult: object<TransferOf<'consult'>>({ callId, mode: oneOf(['consult'] as const), target: callTarget }),
  complete: object<TransferOf<'complete'>>({ callId, mode: oneOf(['complete'] as const) }),
  cancel: object<TransferOf<'cancel'>>({ callId, mode: oneOf(['cancel'] as const) }),
});
export const setStatusCommand = object<SetStatusCommand>({ status: oneOf(CHOSEN_STATUSES) });
export const logCallCommand = object<LogCallCommand>({
  callId,
  // A disposition is a picked value: an empty one would be no disposition at all.
  disposition: optional(string({ min: 1, max: 80 })),
  notes: optional(freeText(4000)),
  recordId: optional(recordId),
});

export const commandRefused = object<CommandRefused>({
  command: oneOf(CALL_COMMANDS),
  callId: nullable(callId),
  reason: string({ min: 1, max: 512 }),
  at: epochMs,
});

const callQuality = object<CallQuality>({
  jitter: number({ min: 0, max: 60 }),
  packetLoss: number({ min: 0, max: 1 }),
  roundTripTime: nullable(number({ min: 0, max: 60 })),
  mos: number({ min: 1, max: 4.5 }),
});

const consultCall = object<ConsultCall>({
  status: oneOf(CONSULT_STATUSES),
  target: freeText(128),
  startedAt: epochMs,
  connectedAt: nullable(epochMs),
  endedAt: nullable(epochMs),
  cause: nullable(oneOf(END_CAUSES)),
  causeDetail: nullable(freeText(512)),
});

const transferAttempt = object<TransferAttempt>({
  mode: oneOf(['blind', 'attended'] as const),
  target: freeText(128),
  status: oneOf(['requested', 'refused'] as const),
  detail: nullable(freeText(512)),
  at: epochMs,
});

export const callSnapshot = object<CallSnapshot>({
  seq: number({ integer: true, min: 0 }),
  status: oneOf(CALL_STATUSES),
  callId: nullable(callId),
  direction: nullable(direction),
  remoteNumber: nullable(freeText(128)),
  muted: boolean,
  startedAt: nullable(epochMs),
  connectedAt: nullable(epochMs),
  endedAt: nullable(epochMs),
  cause: nullable(oneOf(END_CAUSES)),
  causeDetail: nullable(freeText(512)),
  quality: nullable(callQuality),
  consult: optional(nullable(consultCall)),
  transfer: optional(nullable(transferAttempt)),
  recordId: optional(nullable(recordId)),
});

const agentIdText = string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, what: 'agent id' });

export const presenceState = object<PresenceState>({
  agentId: agentIdText,
  status: oneOf(PRESENCE_STATUSES),
  since: epochMs,
  displayName: string({ max: 120 }),
});

export const callHistoryEntry = object<CallHistoryEntry>({
  callId,
  direction,
  number: freeText(128),
  startedAt: epochMs,
  durationSec: number({ min: 0, max: 7 * 24 * 3600 }),
  disposition: optional(freeText(80)),
  notes: optional(freeText(4000)),
});

export const callLogOutcome = object<CallLogOutcome>({
  callId,
  status: oneOf(['saved', 'failed'] as const),
  taskId: nullable(recordId),
  reason: nullable(string({ min: 1, max: 512 })),
  at: epochMs,
});

export const widgetHealth = object<WidgetHealth>({
  widget: string({ min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9-]*$/, what: 'widget name (lower-case, digits, -)' }),
  version: string({ min: 1, max: 64 }),
  status: oneOf(WIDGET_HEALTH_STATUSES),
  detail: optional(freeText(512)),
  at: epochMs,
});

export const callStateQuery = object<CallStateQuery>({});
export const phoneWindowState = object<PhoneWindowState>({ open: boolean, at: epochMs });
export const phoneWindowQuery = object<PhoneWindowQuery>({});
export const phoneHandoverRequest = object<PhoneHandoverRequest>({});
export const phoneHandoverReply = object<PhoneHandoverReply>({ released: boolean, reason: nullable(freeText(512)) });
export const phoneRenewalRequest = object<PhoneRenewalRequest>({});
const base64 = (max: number) => string({ min: 1, max, pattern: /^[A-Za-z0-9+/]+={0,2}$/, what: `base64 of at most ${max} characters` });
const sealedCredentials = object<SealedCredentials>({ key: base64(128), iv: base64(24), data: base64(12_000) });
export const phoneRenewalReply = object<PhoneRenewalReply>({ sealed: nullable(sealedCredentials), refused: nullable(freeText(512)) });

/** Most history entries one query may ask for (the store keeps 500 per agent). */
export const HISTORY_QUERY_MAX = 500;
/** Most presence states in one page (a page must also fit in MAX_REPLY_BYTES). */
export const PRESENCE_PAGE_MAX = 500;
const refusal = nullable(freeText(512));

export const storeReceipt = object<StoreReceipt>({ refused: refusal });
export const presenceListQuery = object<PresenceListQuery>({ after: optional(agentIdText), agent: optional(agentIdText) });
export const presenceList = object<PresenceList>({ states: list(presenceState, PRESENCE_PAGE_MAX), next: nullable(agentIdText), refused: refusal });
export const historyQuery = object<HistoryQuery>({ limit: number({ integer: true, min: 1, max: HISTORY_QUERY_MAX }) });
export const historyPage = object<HistoryPage>({ entries: list(callHistoryEntry, HISTORY_QUERY_MAX), truncated: boolean, refused: refusal });
