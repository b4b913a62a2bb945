export {
  CALL_STATUSES,
  END_CAUSES,
  type CallStatus,
  type CallDirection,
  type EndCause,
  type CallQuality,
  type CallSnapshot,
} from './call.js';
