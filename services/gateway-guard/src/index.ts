export { startGatewayGuard, consoleLogger, type GatewayGuard, type GatewayGuardOptions, type GuardLogger } from './guard.js';
export { judgeRequest, JanusErrorCode, JANUS_PROTOCOL, MAX_REQUEST_BYTES, SIP_PLUGIN, type Verdict } from './policy.js';
