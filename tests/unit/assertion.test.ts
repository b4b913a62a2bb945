import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AssertionRefusedError, ReplayGuard, verifyAssertion, type AssertionTrust } from '@patchbay/credentials';
import { newOrgSigning, signAssertion } from '@patchbay/simulator';

const ORG = '00D000000000001AAA';
const AGENT = '005000000000001AAA';
const org = newOrgSigning(ORG);
const trust: AssertionTrust = { publicKeys: [createPublicKey(org.publicKeyPem)], issuer: ORG, audience: 'patchbay-credentials', maxLifetimeSeconds: 300 };
const NOW = 1_800_000_000_000;

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

function refusal(token: string, at = NOW): string {
  try {
    verifyAssertion(token, trust, at);
  } catch (error) {
    if (error instanceof AssertionRefusedError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('verifyAssertion', () => {
  const good = signAssertion(org, { subject: AGENT, audience: 'patchbay-credentials', now: NOW });

  it("accepts what the org's Apex signs, naming the user", () => {
    expect(verifyAssertion(good, trust, NOW)).toEqual({ agentId: AGENT, expiresAt: NOW / 1000 + 300, nonce: claimsOf(good)['pb_nonce'] });
  });

  it('refuses each way an assertion can be wrong, and says which', () => {
    const other = newOrgSigning(ORG);
    const [header, claims] = good.split('.') as [string, string];
    const cases: Record<string, string> = {
      'ASSERTION-EXPIRED': signAssertion(org, { subject: AGENT, audience: 'patchbay-credentials', now: NOW - 400_000 }),
      'ASSERTION-SIGNATURE': signAssertion(other, { subject: AGENT, audience: 'patchbay-credentials', now: NOW }),
      'ASSERTION-AUDIENCE': signAssertion(org, { subject: AGENT, audience: 'someone-else', now: NOW }),
      'ASSERTION-ISSUER': signAssertion({ ...org, issuer: '00D000000000002AAA' }, { subject: AGENT, audience: 'patchbay-credentials', now: NOW }),
      'ASSERTION-SUBJECT': signAssertion(org, { subject: '003000000000001AAA', audience: 'patchbay-credentials', now: NOW }),
      'ASSERTION-LIFETIME': signAssertion(org, { subject: AGENT, audience: 'patchbay-credentials', validitySeconds: 86_400, now: NOW }),
      'ASSERTION-MALFORMED': 'not-a-jws',
    };
    for (const [code, token] of Object.entries(cases)) expect(refusal(token), code).toBe(code);
    // Claims changed after signing (another user) break the signature.
    const swapped = `${header}.${b64({ ...claimsOf(good), sub: '005000000000002AAA' })}.${good.split('.')[2]}`;
    expect(refusal(swapped)).toBe('ASSERTION-SIGNATURE');
    // The algorithm is Salesforce's, never one the token picks: no `none`, no HMAC keyed with the public key.
    expect(refusal(`${b64({ alg: 'none' })}.${claims}.`)).toBe('ASSERTION-MALFORMED');
    expect(refusal(`${b64({ alg: 'none' })}.${claims}.AA`)).toBe('ASSERTION-ALGORITHM');
    const hs = `${b64({ alg: 'HS256' })}.${claims}`;
    expect(refusal(`${hs}.${createHmac('sha256', org.publicKeyPem).update(hs).digest('base64url')}`)).toBe('ASSERTION-ALGORITHM');
    // A key of another type under RS256 fails the signature, not the process.
    const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(refusal(signAssertion({ issuer: ORG, privateKey: ec, publicKeyPem: '' }, { subject: AGENT, audience: 'patchbay-credentials', now: NOW }))).toBe('ASSERTION-SIGNATURE');
  });

  it('trusts a second certificate while the org replaces its signing certificate', () => {
    const next = newOrgSigning(ORG);
    const fromNext = signAssertion(next, { subject: AGENT, audience: 'patchbay-credentials', now: NOW });
    expect(refusal(fromNext)).toBe('ASSERTION-SIGNATURE');
    const rotating = { ...trust, publicKeys: [...trust.publicKeys, createPublicKey(next.publicKeyPem)] };
    expect(verifyAssertion(fromNext, rotating, NOW).agentId).toBe(AGENT);
    expect(verifyAssertion(good, rotating, NOW).agentId).toBe(AGENT);
  });

  it('an assertion is exchanged once', () => {
    const replays = new ReplayGuard(() => NOW);
    const verified = verifyAssertion(good, trust, NOW);
    replays.claim(verified);
    expect(() => replays.claim(verifyAssertion(good, trust, NOW))).toThrow(expect.objectContaining({ code: 'ASSERTION-REPLAYED' }));
    // A different assertion of the same user is fine.
    replays.claim(verifyAssertion(signAssertion(org, { subject: AGENT, audience: 'patchbay-credentials', now: NOW }), trust, NOW));
  });
});
