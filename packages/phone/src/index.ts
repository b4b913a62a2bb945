/**
 * @patchbay/phone: the agent's phone on a Janus gateway (the only importer of janus-gateway).
 * Pure parts (state machine, quality, SIP causes) are also at '@patchbay/phone/machine'.
 */
export { Phone } from './phone.js';
export { PHONE_DEFAULTS } from './phone-options.js';
export { openGatewayAhead } from './gateway-socket.js';
export type { PhoneOptions, DialOptions, SipAccount, SipCredential, GatewayToken, RingTone, RegistrationState, RegistrationStatus, PhoneLogger } from './phone-options.js';
export {
  PhoneError,
  GatewayUnreachableError,
  RegistrationFailedError,
  NotRegisteredError,
  NoCallError,
  MediaError,
  PhoneInUseError,
  TransferError,
  ExpiredCredentialError,
} from './phone-errors.js';
export * from './machine.js';
