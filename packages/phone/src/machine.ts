/**
 * The phone's pure parts (no Janus, no DOM): importable from Node, unit tests and widgets.
 */
export {
  CALL_MOVES,
  CALL_TRANSITIONS,
  transition,
  moveState,
  refusedPart,
  statusForCause,
  InvalidCallTransitionError,
  CallEventOutOfStateError,
  type CallEvent,
  type CallMove,
  type CallMoveName,
  type ConsultPhase,
  type TransferPhase,
  type MoveState,
} from './call-machine.js';
export { applyCallEvent, initialSnapshot } from './apply-call-event.js';
export { estimateMos, qualityFromStats, type StatsEntry } from './call-quality.js';
export { causeFromSip } from './sip-causes.js';
export { translateSipMessage, numberFromUri, MalformedSipEventError, type PhoneSignal, type SipPluginMessage } from './janus-sip-events.js';
export { Renewal, type Expiring, type RenewalOptions } from './renewal.js';
