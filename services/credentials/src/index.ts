export { createNatsTrust, renderTrustConf, mintUser, type NatsTrust, type MintedUser, type AccountSigner } from './nats-trust.js';
export { mintSipCredentials, type SipCredentials, type SipCredentialRequest } from './sip-credentials.js';
export { configFromEnv, publicKeyFromPem, ConfigError } from './config.js';
export { signJanusToken, janusTokenExpiresAt, JANUS_TOKEN_TTL_SECONDS } from './janus-token.js';
export { verifyAssertion, ReplayGuard, AssertionRefusedError, type AssertionTrust, type AssertionRefusal, type VerifiedAssertion } from './assertion.js';
export {
  startCredentialsService,
  mintAgentCredentials,
  CREDENTIALS_PATH,
  type CredentialsService,
  type CredentialsServiceOptions,
  type SipMinter,
} from './service.js';
