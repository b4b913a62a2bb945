import { describe, expect, it } from 'vitest';
import { RateLimiter } from '@patchbay/bus';
import { CommandGate, FLOOD_REASON } from '../../shell/src/phone/command-gate.js';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true); // each key its own bucket
    now += 500; // one token back
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
    now += 10_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
  });
});

describe('CommandGate', () => {
  it('acts only on the call a command names', () => {
    let current: string | null = 'call-1';
    const gate = new CommandGate(() => current);
    expect(gate.admit('cmd.hangup', 'call-1')).toEqual({ act: true });
    expect(gate.admit('cmd.mute', 'call-2')).toEqual({ act: false, reason: 'Call call-2 is not the current call', report: true });
    current = null;
    expect(gate.admit('cmd.hold', 'call-1')).toEqual({ act: false, reason: 'There is no call call-1 to act on', report: true });
    // Dial starts a call and names none.
    expect(gate.admit('cmd.dial', null)).toEqual({ act: true });
  });

  it('cuts a flood to the rate and reports it once per few seconds, with the count', () => {
    let now = 0;
    const gate = new CommandGate(
      () => null,
      { perSecond: 10, burst: 5 },
      () => now,
    );
    const verdicts = Array.from({ length: 100 }, () => gate.admit('cmd.dial', null));
    expect(verdicts.filter((v) => v.act)).toHaveLength(5);
    const reported = verdicts.filter((v) => !v.act && v.report);
    expect(reported).toEqual([{ act: false, reason: FLOOD_REASON, report: true, ignored: 1 }]);
    // Five seconds on, the bucket is full again and the next flood is reported once more, with
    // the count of every command the floods have cost.
    now += 5000;
    const next = Array.from({ length: 100 }, () => gate.admit('cmd.dial', null));
    expect(next.filter((v) => v.act)).toHaveLength(5);
    expect(next.filter((v) => !v.act && v.report)).toEqual([{ act: false, reason: FLOOD_REASON, report: true, ignored: 96 }]);
  });
});
