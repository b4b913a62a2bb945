export {
  CALL_STATUSES,
  CONSULT_STATUSES,
  END_CAUSES,
  type ConsultStatus,
  type ConsultCall,
  type TransferAttempt,
  type CallStatus,
  type CallDirection,
  type EndCause,
  type CallQuality,
  type CallSnapshot,
  latestSnapshot,
  idleSnapshot,
  isCallActive,
  isConsultActive,
} from './call.js';
export { contractMismatch, isContractSemver } from './compatibility.js';
export { CONTRACT_VERSION, CONTRACT_SEMVER, SUBJECT_ROOT, MAX_MESSAGE_BYTES, MAX_REPLY_BYTES } from './version.js';
export { HISTORY_QUERY_MAX, PRESENCE_PAGE_MAX } from './validators.js';
export { agentId, isAgentId, type AgentId } from './agent.js';
export { ContractError, InvalidAgentIdError, DROP_CODES, type DropCode } from './errors.js';
export {
  PRESENCE_STATUSES,
  type PresenceStatus,
  type DialCommand,
  type AnswerCommand,
  type DeclineCommand,
  type HangupCommand,
  type MuteCommand,
  type HoldCommand,
  type DtmfCommand,
  type TransferCommand,
  type SetStatusCommand,
  type LogCallCommand,
  CALL_COMMANDS,
  type CallCommandKind,
  type CommandRefused,
} from './commands.js';
export {
  WIDGET_HEALTH_STATUSES,
  type WidgetHealthStatus,
  type PresenceState,
  type CallHistoryEntry,
  type CallLogOutcome,
  type WidgetHealth,
  type CallStateQuery,
  type StoreReceipt,
  type PresenceListQuery,
  type PresenceList,
  type HistoryQuery,
  type HistoryPage,
} from './state.js';
export {
  subjects,
  agentSubjectPrefix,
  parseSubject,
  MESSAGE_KINDS,
  REPLY_KINDS,
  type Subject,
  type RequestSubject,
  type MessageKind,
  type RequestKind,
  type PayloadOfKind,
  type ReplyOfKind,
  type ParsedSubject,
} from './subjects.js';
export {
  encode,
  encodeReply,
  decode,
  decodeAny,
  decodeReply,
  newMessageId,
  DropCounter,
  droppedMessages,
  type Envelope,
  type MessageMeta,
  type Decoded,
  type AnyDecoded,
  type Rejected,
} from './codec.js';
export type { Validator, Check } from './validate.js';
