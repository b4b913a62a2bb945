import { describe, expect, it } from 'vitest';
import { mintSipCredentials } from '@patchbay/credentials';

describe('mintSipCredentials()', () => {
  // 1767225600 is 2026-01-01T00:00:00Z. The passwords were computed apart from this code:
  //   printf '%s' '1767225600:agent1' | openssl dgst -sha256 -hmac 'lab-shared-secret' -binary | base64
  //   printf '%s' '1767225600:4155550101' | openssl dgst -sha256 -hmac 'lab-shared-secret' -binary | base64
  const secret = 'lab-shared-secret';
  const now = (1767225600 - 600) * 1000 + 250;

  it('matches HMAC-SHA256 over "<expiry>:<user>", base64, as openssl computes it', () => {
    expect(mintSipCredentials({ secret, user: 'agent1', domain: 'pbx.example.com', ttlSeconds: 600, now })).toEqual({
      username: 'sip:agent1@pbx.example.com',
      authUser: '1767225600:agent1',
      password: 'Wu6i+7hfCEc7iy4mo5H5/2mY3fB/FPp0F16aHKAEWpg=',
      expiresAt: 1767225600_000,
    });
    expect(mintSipCredentials({ secret, user: '4155550101', domain: '127.0.0.1:5060', ttlSeconds: 600, now }).password).toBe('pPflGcRzh23B0M8l5TUrILIvECPzzCM6JpbW4IXGm8M=');
  });

  it('expires ttlSeconds after now, on a whole second', () => {
    const credentials = mintSipCredentials({ secret, user: 'agent1', domain: 'd', ttlSeconds: 20, now: 1_000_999 });
    expect(credentials.authUser).toBe('1020:agent1');
    expect(credentials.expiresAt).toBe(1_020_000);
  });

  it('differs per user and per secret', () => {
    const a = mintSipCredentials({ secret, user: 'agent1', domain: 'd', ttlSeconds: 600, now });
    expect(mintSipCredentials({ secret, user: 'agent2', domain: 'd', ttlSeconds: 600, now }).password).not.toBe(a.password);
    expect(mintSipCredentials({ secret: 'other', user: 'agent1', domain: 'd', ttlSeconds: 600, now }).password).not.toBe(a.password);
  });

  it.each(['a:b', 'a@b', '', 'a b', 'a;b'])('refuses the user %j', (user) => {
    expect(() => mintSipCredentials({ secret, user, domain: 'd', ttlSeconds: 600 })).toThrow(RangeError);
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses a ttl of %s', (ttlSeconds) => {
    expect(() => mintSipCredentials({ secret, user: 'agent1', domain: 'd', ttlSeconds })).toThrow(/ttlSeconds/);
  });

  it('refuses an empty secret', () => {
    expect(() => mintSipCredentials({ secret: '', user: 'agent1', domain: 'd', ttlSeconds: 600 })).toThrow(/secret/);
  });
});
