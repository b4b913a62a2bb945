/**
 * Checks the assertion Salesforce makes of the signed-in user: a compact JWS (RS256) whose claims
 * Apex sets with Auth.JWT (iss, sub, aud, exp from the validity length, and additional claims) and
 * signs with Auth.JWS and a certificate from Certificate and Key Management, whose private key
 * never leaves Salesforce. Only the certificate's public key is needed here.
 *
 * Auth.JWT does not let Apex set registered claims such as `jti` through additional claims, so the
 * replay nonce travels as `pb_nonce` (Apex Reference, "JWT Class", setAdditionalClaims).
 */
import { verify, type KeyObject } from 'node:crypto';

export type AssertionRefusal =
  | 'ASSERTION-MALFORMED'
  | 'ASSERTION-ALGORITHM'
  | 'ASSERTION-SIGNATURE'
  | 'ASSERTION-ISSUER'
  | 'ASSERTION-AUDIENCE'
  | 'ASSERTION-SUBJECT'
  | 'ASSERTION-EXPIRED'
  | 'ASSERTION-LIFETIME'
  | 'ASSERTION-REPLAYED';

/** The assertion was refused; `code` says which check failed, for the agent's panel and the log. */
export class AssertionRefusedError extends Error {
  override name = 'AssertionRefusedError';
  constructor(
    readonly code: AssertionRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface AssertionTrust {
  /**
   * The public keys of the org's signing certificates: one, or two while a certificate is being
   * replaced (the new one trusted first, then Apex switched to it, then the old one dropped).
   */
  publicKeys: readonly KeyObject[];
  /** The org, as Apex sets `iss`. */
  issuer: string;
  /** This service, as Apex sets `aud`. */
  audience: string;
  /** The longest validity accepted, seconds: an assertion is exchanged at once, not kept. */
  maxLifetimeSeconds: number;
}

export interface VerifiedAssertion {
  /** The Salesforce user id (`sub`). */
  agentId: string;
  /** Epoch seconds. */
  expiresAt: number;
  nonce: string;
}

/** A Salesforce user id: 15 or 18 characters, key prefix 005. */
const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Clock skew tolerated between Salesforce and this service. */
const SKEW_SECONDS = 30;

function part(segment: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below with the part's name.
  }
  throw new AssertionRefusedError('ASSERTION-MALFORMED', `the assertion's ${what} is not a JSON object`);
}

/** Signature, then claims; each refusal names what failed. Does not remember nonces (see ReplayGuard). */
export function verifyAssertion(token: string, trust: AssertionTrust, now = Date.now()): VerifiedAssertion {
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every((segment) => BASE64URL.test(segment))) {
    throw new AssertionRefusedError('ASSERTION-MALFORMED', 'the assertion is not a compact JWS (three base64url parts)');
  }
  const [headerPart, claimsPart, signaturePart] = segments as [string, string, string];
  const header = part(headerPart, 'header');
  // Only the algorithm Salesforce signs with: never `none`, never an HMAC keyed with the public key.
  if (header['alg'] !== 'RS256') throw new AssertionRefusedError('ASSERTION-ALGORITHM', `the assertion is signed with ${JSON.stringify(header['alg'])}, not RS256`);
  const signed = Buffer.from(`${headerPart}.${claimsPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!trust.publicKeys.some((key) => verify('RSA-SHA256', signed, key, signature))) {
    throw new AssertionRefusedError('ASSERTION-SIGNATURE', "the assertion's signature is not the org certificate's");
  }
  const claims = part(claimsPart, 'claims');
  if (claims['iss'] !== trust.issuer) throw new AssertionRefusedError('ASSERTION-ISSUER', `the assertion was issued by ${JSON.stringify(claims['iss'])}, not this org`);
  const audience = claims['aud'];
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.includes(trust.audience)) throw new AssertionRefusedError('ASSERTION-AUDIENCE', `the assertion is meant for ${JSON.stringify(audience)}, not this service`);
  const subject = claims['sub'];
  if (typeof subject !== 'string' || !USER_ID.test(subject)) throw new AssertionRefusedError('ASSERTION-SUBJECT', 'the assertion names no Salesforce user');
  const exp = claims['exp'];
  const seconds = Math.floor(now / 1000);
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new AssertionRefusedError('ASSERTION-MALFORMED', 'the assertion has no expiry');
  if (exp + SKEW_SECONDS <= seconds) throw new AssertionRefusedError('ASSERTION-EXPIRED', `the assertion expired ${seconds - exp} s ago`);
  if (exp - seconds > trust.maxLifetimeSeconds + SKEW_SECONDS) {
    throw new AssertionRefusedError('ASSERTION-LIFETIME', `the assertion is valid for ${exp - seconds} s, more than the ${trust.maxLifetimeSeconds} s accepted`);
  }
  const nbf = claims['nbf'];
  if (typeof nbf === 'number' && nbf - SKEW_SECONDS > seconds) throw new AssertionRefusedError('ASSERTION-EXPIRED', 'the assertion is not valid yet');
  const nonce = claims['pb_nonce'];
  if (typeof nonce !== 'string' || nonce.length < 16 || nonce.length > 128) throw new AssertionRefusedError('ASSERTION-MALFORMED', 'the assertion has no pb_nonce');
  return { agentId: subject, expiresAt: exp, nonce };
}

/**
 * Remembers each accepted nonce until its assertion expires, so an assertion (copied from a log,
 * a proxy, another tab) is exchanged once.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Throws ASSERTION-REPLAYED for a nonce already used; otherwise remembers it. */
  claim(assertion: VerifiedAssertion): void {
    const seconds = Math.floor(this.now() / 1000);
    for (const [nonce, expiresAt] of this.seen) if (expiresAt + SKEW_SECONDS < seconds) this.seen.delete(nonce);
    if (this.seen.has(assertion.nonce)) throw new AssertionRefusedError('ASSERTION-REPLAYED', 'the assertion was already exchanged');
    this.seen.set(assertion.nonce, assertion.expiresAt);
  }
}
