/**
 * The phone's pure parts (no Janus, no DOM): importable from Node, unit tests and widgets.
 */
export {
  CALL_TRANSITIONS,
  transition,
  applyCallEvent,
  initialSnapshot,
  statusForCause,
  InvalidCallTransitionError,
  CallEventOutOfStateError,
  type CallEvent,
} from './call-machine.js';
export { estimateMos, qualityFromStats, type StatsEntry } from './call-quality.js';
export { causeFromSip } from './sip-causes.js';
export { translateSipMessage, numberFromUri, MalformedSipEventError, type PhoneSignal, type SipPluginMessage } from './janus-sip-events.js';
export { Renewal, type Expiring, type RenewalOptions } from './renewal.js';
