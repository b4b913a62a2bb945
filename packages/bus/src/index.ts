export type {
  Bus,
  BusStatus,
  BusLogger,
  Unsubscribe,
  MessageHandler,
  Responder,
  PresenceStore,
  PresenceUpdate,
  CallHistory,
} from './bus.js';
export {
  BusError,
  PermissionDeniedError,
  PublishTimeoutError,
  BusClosedError,
  OutboxFullError,
  PayloadTooLargeError,
  NoResponderError,
  RequestTimeoutError,
  HandlerError,
  NotOwnAgentError,
  BusTransportError,
  StoreRefusedError,
  WidgetRefusedError,
  CredentialsRefusedError,
} from './errors.js';
export { Backoff, DEFAULT_BACKOFF, pause, retrying, type BackoffOptions, type RetryPolicy } from './backoff.js';
export { createInPageBus, InPageHub, type InPageBusOptions } from './in-page.js';
export { connectNatsBus, openNatsAhead } from './nats.js';
export type { NatsBusOptions } from './options.js';
export { agentPermissions, storePermissions, TEAM_PRESENCE, type NatsPermissions } from './permissions.js';
export { PRESENCE_BUCKET, PRESENCE_STREAM, HISTORY_STREAM, HISTORY_SUBJECTS, HISTORY_PER_AGENT, historySubject, inboxPrefixFor } from './names.js';
export { RateLimiter, type RateLimitOptions } from './rate-limit.js';
export { latestCalls } from './history.js';
export { Outbox, type OutboxLink, type OutboxOptions } from './outbox.js';
export { openBus, type OpenBusOptions } from './open.js';
export { BusBinding, followCallState } from './binding.js';
export { busView } from './view.js';
