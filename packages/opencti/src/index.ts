/**
 * @patchbay/opencti: the only code that touches sforce.opencti / sforce.interaction. The shell
 * depends on the OpenCti interface; another host (a Salesforce Voice connector, a standalone popout)
 * can provide the same interface without touching the widgets.
 */
export type {
  OpenCti,
  OpenCtiCapabilities,
  OpenCtiOptions,
  CallType,
  ClickToDialEvent,
  PageInfo,
  ScreenPopTarget,
  FlowArg,
  DeferredScreenPop,
  SearchAndScreenPopRequest,
  SearchAndScreenPopResult,
  SearchMatch,
  SaveLogRequest,
  RunApexRequest,
  Unsubscribe,
} from './types.js';
export { DEFAULT_TIMEOUT_MS } from './types.js';
export {
  SalesforceError,
  describeSalesforceError,
  NotSupportedInApi,
  SalesforceTimeoutError,
  AdapterUrlError,
  OriginNotAllowedError,
  ScriptLoadError,
  InvalidPhoneNumberError,
  UnexpectedResponseError,
  InvalidCallLogError,
  CallCenterSettingsError,
  InvalidCredentialsError,
  CredentialsRefusedError,
  type OpenCtiApi,
  type SettingProblem,
} from './errors.js';
export type { SforceOpenCti, SforceInteraction, SforceInteractionCti, SforceGlobal, LightningResponse, ClassicResponse } from './sforce.js';
export { createLightningOpenCti } from './lightning.js';
export { createClassicOpenCti } from './classic.js';
export { checkAllowedOrigin, SALESFORCE_DOMAIN_SUFFIXES } from './origins.js';
export { readFramingOrigin, FRAMING_ORIGIN_PARAMS } from './adapter-url.js';
export { loadOpenCti, type LoadOpenCtiOptions } from './load.js';
export { readAdapterContext, DEFAULT_API_VERSION, type AdapterContext } from './adapter-context.js';
export { toDialString, splitExtension, type DialingPlan, type DialString } from './dialing.js';
export { taskForFinishedCall, idempotencyKeyForCall, type FinishedCall, type CallTask } from './task.js';
export { taskRelations, objectTypeOfId, type RelatedRecord, type TaskRelations } from './record-relations.js';
export {
  createCallLogSaver,
  webStorageLogStore,
  memoryLogStore,
  findTaskViaApex,
  CALL_LOG_APEX,
  type CallLogSaver,
  type SavedLogStore,
  type FindExistingTask,
  type SaveOutcome,
} from './call-log-saver.js';
export {
  fetchAgentCredentials,
  fetchAgentAssertion,
  parseAgentAssertion,
  exchangeAssertion,
  parseAgentCredentials,
  ASSERTION_APEX,
  type AgentCredentials,
  type AgentAssertion,
} from './credentials.js';
export {
  parseCallCenterSettings,
  SETTING_KEYS,
  PANEL_HEIGHT_RANGE,
  PANEL_WIDTH_RANGE,
  type PatchbayConfig,
} from './settings.js';
export { startSalesforceSession, onClickToDialDigits, type SalesforceSession } from './session.js';
