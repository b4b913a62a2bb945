import { describe, expect, it } from 'vitest';
import { impairmentSchedule, NO_IMPAIRMENT } from '@patchbay/devservers';

const fates = (seed: number, count: number, impairment = { lossRate: 0.05, delayMs: 30, jitterMs: 30 }) => {
  const next = impairmentSchedule(seed);
  return Array.from({ length: count }, () => next(impairment));
};

describe('the impairment schedule of the lab media relay', () => {
  it('is the same packet for packet for the same seed, and another for another seed', () => {
    expect(fates(42, 500)).toEqual(fates(42, 500));
    expect(fates(43, 500)).not.toEqual(fates(42, 500));
  });

  it('drops about the share asked for, and keeps every delay within delay ± jitter', () => {
    const many = fates(7, 100_000);
    const lost = many.filter((f) => f.drop).length / many.length;
    expect(lost).toBeGreaterThan(0.045);
    expect(lost).toBeLessThan(0.055);
    expect(Math.min(...many.map((f) => f.delayMs))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many.map((f) => f.delayMs))).toBeLessThanOrEqual(60);
    const mean = many.reduce((sum, f) => sum + f.delayMs, 0) / many.length;
    expect(Math.abs(mean - 30)).toBeLessThan(0.5);
  });

  it('reorders packets sent 20 ms apart when the jitter is wider than that', () => {
    const arrivals = fates(3, 1000).map((f, index) => index * 20 + f.delayMs);
    const overtaken = arrivals.filter((at, index) => index > 0 && at < arrivals[index - 1]!).length;
    expect(overtaken).toBeGreaterThan(50);
  });

  it('passes everything at once without impairment', () => {
    expect(fates(1, 1000, NO_IMPAIRMENT).every((f) => !f.drop && f.delayMs === 0)).toBe(true);
  });
});
