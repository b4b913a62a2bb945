import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Renewal } from '@patchbay/phone/machine';

interface Credential {
  id: number;
  expiresAt: number;
}

describe('Renewal', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A source whose n-th credential lasts `lifeMs` from when it is handed out. */
  function source(lifeMs: number) {
    let issued = 0;
    return vi.fn(async (): Promise<Credential> => ({ id: ++issued, expiresAt: Date.now() + lifeMs }));
  }

  function renewal(fetch: () => Promise<Credential>, onRenewed = vi.fn()) {
    const log = vi.fn();
    return { renewal: new Renewal<Credential>({ name: 'test credential', fetch, onRenewed, log }), onRenewed, log };
  }

  it('renews at once when told the source has a newer one, without waiting out its back-off', async () => {
    let down = false;
    let issued = 0;
    const fetch = vi.fn(async (): Promise<Credential> => {
      if (down) throw new Error('the credentials service could not be reached');
      return { id: ++issued, expiresAt: Date.now() + 10_000 };
    });
    const { renewal: r, onRenewed } = renewal(fetch);
    await r.current();
    down = true;
    await vi.advanceTimersByTimeAsync(8_000 + 7_000); // due, failed, backing off
    expect(onRenewed).not.toHaveBeenCalled();
    down = false;
    r.renewNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(onRenewed).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
    r.stop();
  });

  it('serves the held credential until 80% of its life, then hands a new one on', async () => {
    const fetch = source(10_000);
    const { renewal: r, onRenewed } = renewal(fetch);
    expect(await r.current()).toMatchObject({ id: 1 });
    await vi.advanceTimersByTimeAsync(7_900);
    expect(await r.current()).toMatchObject({ id: 1 });
    expect(onRenewed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(onRenewed).toHaveBeenCalledWith({ id: 2, expiresAt: 1_018_000 });
    expect(await r.current()).toMatchObject({ id: 2 });
    r.stop();
  });

  it('shares one request among callers at the same moment', async () => {
    const fetch = source(10_000);
    const { renewal: r } = renewal(fetch);
    const [a, b] = await Promise.all([r.current(), r.fresh()]);
    expect(a).toBe(b);
    expect(fetch).toHaveBeenCalledTimes(1);
    r.stop();
  });

  it('retries a failed renewal with back-off, and hands on the credential it gets then', async () => {
    let down = true;
    let issued = 0;
    const fetch = vi.fn(async (): Promise<Credential> => {
      if (issued > 0 && down) throw new Error('credentials service down');
      return { id: ++issued, expiresAt: Date.now() + 10_000 };
    });
    const { renewal: r, onRenewed, log } = renewal(fetch);
    await r.current();
    await vi.advanceTimersByTimeAsync(8_000);
    expect(log).toHaveBeenCalledWith('warn', expect.stringMatching(/could not renew the test credential; trying again in \d s/), expect.any(Error));
    await vi.advanceTimersByTimeAsync(1_000 * 1.25 + 2_000 * 1.25);
    expect(fetch.mock.calls.length).toBeGreaterThanOrEqual(3);
    down = false;
    await vi.advanceTimersByTimeAsync(4_000 * 1.25);
    expect(onRenewed).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
    r.stop();
  });

  it('does not hand on the same credential again (a source that caches it)', async () => {
    const same = { id: 1, expiresAt: 1_010_000 };
    const { renewal: r, onRenewed } = renewal(async () => same);
    await r.current();
    await vi.advanceTimersByTimeAsync(8_000);
    expect(onRenewed).not.toHaveBeenCalled();
    r.stop();
  });

  it('refuses a credential that has already expired', async () => {
    const { renewal: r } = renewal(async () => ({ id: 1, expiresAt: Date.now() - 1 }));
    await expect(r.current()).rejects.toThrow(/PHONE-008: the test credential the phone was given had expired/);
    r.stop();
  });

  it('stops renewing once stopped', async () => {
    const fetch = source(10_000);
    const { renewal: r, onRenewed } = renewal(fetch);
    await r.current();
    r.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(onRenewed).not.toHaveBeenCalled();
  });
});
