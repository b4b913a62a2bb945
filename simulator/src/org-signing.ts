/**
 * The simulated org's signing certificate (Setup → Certificate and Key Management) and what Apex
 * does with it: Auth.JWT sets iss, sub, aud and exp (from the validity length, 300 s by default)
 * plus additional claims, and Auth.JWS signs them RS256 with the certificate's private key, which
 * never leaves the org (Apex Reference, "JWT Class" and "JWS Class"). The credentials service is
 * given only the public key.
 */
import { createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface OrgSigning {
  /** The org id, which Apex puts in `iss`. */
  issuer: string;
  privateKey: KeyObject;
  /** The public half, in PEM: what an admin downloads and gives the credentials service. */
  publicKeyPem: string;
}

/** A fresh org key: 2048-bit RSA, as Salesforce's self-signed certificates have. */
export function newOrgSigning(issuer: string): OrgSigning {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { issuer, privateKey, publicKeyPem: String(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })) };
}

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What Auth.JWS#getCompactSerialization answers for the user `subject`, meant for `audience`. */
export function signAssertion(org: OrgSigning, { subject, audience, validitySeconds = 300, now = Date.now() }: { subject: string; audience: string; validitySeconds?: number; now?: number }): string {
  const claims = { iss: org.issuer, sub: subject, aud: audience, exp: Math.floor(now / 1000) + validitySeconds, pb_nonce: randomUUID() };
  const signed = `${segment({ alg: 'RS256' })}.${segment(claims)}`;
  return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), org.privateKey).toString('base64url')}`;
}
