import { describe, expect, it } from 'vitest';
import { describeMs, median, percentile, perSecond } from '../../bench/stats.js';

describe('bench stats', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

  it('takes the nearest-rank percentile without sorting the caller’s array', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([7, 1, 3], 50)).toBe(3);
    expect(percentile([2000, 1000], 99)).toBe(2000);
    expect(hundred[0]).toBe(100);
  });

  it('gives NaN for no samples and refuses a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('median of an odd and an even count', () => {
    expect(median([5, 1, 9])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('rates and describes', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(describeMs([0.5, 1.25, 3], [50, 99], 2)).toBe('p50 1.25 ms, p99 3.00 ms, max 3.00 ms');
  });
});
