import type { SipCredential } from './phone-options.js';

/**
 * How the agent's SIP credential reaches the PBX: a header on each REGISTER and each new call,
 * `X-Patchbay-Credential: <authUser> <password>`, which the PBX verifies (kamailio's
 * auth_ephemeral, autheph_authenticate) and removes before relaying anything.
 *
 * Not as the answer to a digest challenge: an ephemeral username is `<expiry>:<user>`, and
 * Janus's SIP stack as Debian ships it (sofia-sip 1.12) splits its credentials at every ':', so
 * a REGISTER with such an `authuser` fails in Janus itself ("900 Cannot add credentials").
 */
export function credentialHeaders(credential: SipCredential): Record<string, string> {
  return { 'X-Patchbay-Credential': `${credential.authUser} ${credential.password}` };
}
