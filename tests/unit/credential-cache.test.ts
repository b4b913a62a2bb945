import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentCredentials } from '@patchbay/opencti';
import { credentialCache } from '../../shell/src/host/credential-cache.js';
import { keepCredentialsFresh } from '../../shell/src/host/credential-renewal.js';

const MINUTE = 60_000;

/** Credentials the service issues at `at`, each part valid ten minutes. */
function issued(at: number, n: number): AgentCredentials {
  const expiresAt = at + 10 * MINUTE;
  return {
    agentId: '005x',
    bus: { jwt: `bus-${n}`, expiresAt },
    gateway: { token: `janus-${n}`, expiresAt },
    sip: { username: 'sip:005x@pbx.example.com', authUser: `${n}:005x`, password: `sip-${n}`, expiresAt },
  };
}

describe('credentialCache', () => {
  it('fetches once, shares a fetch in flight, and fetches again once four fifths of the life have passed', async () => {
    let clock = 0;
    let fetches = 0;
    const current = credentialCache(async () => issued(clock, ++fetches), { now: () => clock });
    const [a, b] = await Promise.all([current(), current()]);
    expect(fetches).toBe(1);
    expect(a).toBe(b);
    expect(current.renewAt()).toBe(8 * MINUTE);
    expect(current.expiresAt()).toBe(10 * MINUTE);
    clock += 7 * MINUTE;
    expect((await current()).gateway.token).toBe('janus-1');
    clock += MINUTE;
    expect((await current()).gateway.token).toBe('janus-2');
    expect(fetches).toBe(2);
    expect(current.renewAt()).toBe(16 * MINUTE);
  });

  it('starts from credentials it is given, and renews on demand', async () => {
    let fetches = 0;
    const current = credentialCache(async () => issued(0, ++fetches), { initial: issued(0, 0), now: () => 0 });
    expect((await current()).bus.jwt).toBe('bus-0');
    expect(fetches).toBe(0);
    const told: string[] = [];
    current.onRenewed((fresh) => told.push(fresh.bus.jwt));
    expect((await current.renew()).bus.jwt).toBe('bus-1');
    expect((await current()).bus.jwt).toBe('bus-1');
    expect(told).toEqual(['bus-1']);
  });

  it('tries again after a failed fetch', async () => {
    let fail = true;
    const current = credentialCache(
      async () => {
        if (fail) throw new Error('Apex unavailable');
        return issued(0, 1);
      },
      { now: () => 0 },
    );
    await expect(current()).rejects.toThrow('Apex unavailable');
    fail = false;
    expect((await current()).bus.jwt).toBe('bus-1');
  });
});

describe('keepCredentialsFresh', () => {
  afterEach(() => vi.useRealTimers());

  it('renews when due with nothing asking, retries while the service is down, and says until when what is held lasts', async () => {
    vi.useFakeTimers({ now: 0 });
    let down = false;
    let fetches = 0;
    const cache = credentialCache(
      async () => {
        if (down) throw new Error('the credentials service could not be reached');
        return issued(Date.now(), ++fetches);
      },
      { initial: issued(0, 0) },
    );
    const reports: string[] = [];
    const stop = keepCredentialsFresh(cache, {
      failing: (reason, expiresAt) => reports.push(`failing until ${expiresAt}: ${reason}`),
      recovered: () => reports.push('recovered'),
    });
    await vi.advanceTimersByTimeAsync(8 * MINUTE);
    expect(fetches).toBe(1);
    expect(cache.renewAt()).toBe(16 * MINUTE);
    down = true;
    await vi.advanceTimersByTimeAsync(8 * MINUTE + 1000);
    expect(reports).toEqual([`failing until ${18 * MINUTE}: the credentials service could not be reached`]);
    await vi.advanceTimersByTimeAsync(10_000); // backoff: tried again, still down
    expect(reports.length).toBeGreaterThan(1);
    down = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reports.at(-1)).toBe('recovered');
    expect(fetches).toBe(2);
    expect(cache.expiresAt()).toBeGreaterThan(18 * MINUTE);
    stop();
  });
});
