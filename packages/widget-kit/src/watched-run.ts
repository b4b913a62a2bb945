import { HANG_MS, type WidgetFault } from './interface.js';

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a widget's `fn` and tells `report` if it threw (the error then goes on to the caller) or held
 * the page's thread longer than HANG_MS (known only once it returns: nothing on the page's one
 * thread can stop it sooner). The one watch behind both `reportFaults` and the shell's bus guard.
 */
export function watchedRun<R>(during: string, fn: () => R, report: (fault: WidgetFault) => void): R {
  const started = performance.now();
  try {
    return fn();
  } catch (error) {
    report({ kind: 'threw', during, message: describeError(error) });
    throw error;
  } finally {
    const held = performance.now() - started;
    if (held > HANG_MS) report({ kind: 'hung', during, message: `held the page for ${Math.round(held)} ms` });
  }
}
