import { describe, expect, it } from 'vitest';
import type { AgentCredentials } from '@patchbay/opencti';
import { credentialCache } from '../../shell/src/host/credential-cache.js';

const HOUR = 3600_000;

function issued(at: number, n: number): AgentCredentials {
  const expiresAt = at + 8 * HOUR;
  return {
    agentId: '005x',
    bus: { user: '005x', token: `bus-${n}`, expiresAt },
    gateway: { token: `janus-${n}`, expiresAt },
    sip: { username: 'sip:005x@pbx.example.com', authUser: `${n}:005x`, password: `sip-${n}`, expiresAt },
  };
}

describe('credentialCache', () => {
  it('fetches once, shares a fetch in flight, and fetches again only near expiry', async () => {
    let clock = 0;
    let fetches = 0;
    const current = credentialCache(async () => issued(clock, ++fetches), { now: () => clock });
    const [a, b] = await Promise.all([current(), current()]);
    expect(fetches).toBe(1);
    expect(a).toBe(b);
    clock += 7 * HOUR;
    expect((await current()).gateway.token).toBe('janus-1');
    clock += 56 * 60_000; // four minutes before expiry
    expect((await current()).gateway.token).toBe('janus-2');
    expect(fetches).toBe(2);
  });

  it('starts from credentials it is given', async () => {
    let fetches = 0;
    const current = credentialCache(async () => issued(0, ++fetches), { initial: issued(0, 0), now: () => 0 });
    expect((await current()).bus.token).toBe('bus-0');
    expect(fetches).toBe(0);
  });

  it('tries again after a failed fetch', async () => {
    let fail = true;
    const current = credentialCache(async () => {
      if (fail) throw new Error('Apex unavailable');
      return issued(0, 1);
    }, { now: () => 0 });
    await expect(current()).rejects.toThrow('Apex unavailable');
    fail = false;
    expect((await current()).bus.token).toBe('bus-1');
  });
});
