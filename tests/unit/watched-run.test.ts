import { afterEach, expect, test, vi } from 'vitest';
import { HANG_MS, watchedRun, type WidgetFault } from '@patchbay/widget-kit';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Each run seems to take `ms`: performance.now() answers 0, then `ms`. */
function runsFor(ms: number): void {
  const clock = [0, ms];
  vi.spyOn(performance, 'now').mockImplementation(() => clock.shift() ?? ms);
}

test("a widget's code that returns in time is not reported, and its result is the caller's", () => {
  const faults: WidgetFault[] = [];
  runsFor(HANG_MS);
  expect(
    watchedRun(
      'render',
      () => 42,
      (fault) => faults.push(fault),
    ),
  ).toBe(42);
  expect(faults).toEqual([]);
});

test('a throw is reported and goes on to the caller; a throw that also held the page is reported as both', () => {
  const faults: WidgetFault[] = [];
  runsFor(10);
  expect(() =>
    watchedRun(
      'render',
      () => {
        throw new Error('boom');
      },
      (fault) => faults.push(fault),
    ),
  ).toThrow('boom');
  runsFor(HANG_MS + 500);
  expect(() =>
    watchedRun(
      'bus handler on x',
      () => {
        throw 'late';
      },
      (fault) => faults.push(fault),
    ),
  ).toThrow('late');
  expect(faults).toEqual([
    { kind: 'threw', during: 'render', message: 'boom' },
    { kind: 'threw', during: 'bus handler on x', message: 'late' },
    { kind: 'hung', during: 'bus handler on x', message: `held the page for ${HANG_MS + 500} ms` },
  ]);
});

test('code that held the page longer than HANG_MS is reported once it returns', () => {
  const faults: WidgetFault[] = [];
  runsFor(HANG_MS + 1);
  expect(
    watchedRun(
      'presence listener',
      () => 'done',
      (fault) => faults.push(fault),
    ),
  ).toBe('done');
  expect(faults).toEqual([{ kind: 'hung', during: 'presence listener', message: `held the page for ${HANG_MS + 1} ms` }]);
});
