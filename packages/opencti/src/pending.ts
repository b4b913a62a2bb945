import { SalesforceTimeoutError } from './errors.js';

/**
 * Turns one callback-style Salesforce call into a promise that settles once: with the callback's
 * answer, with the synchronous throw of the Salesforce script (its argument checks), or with a
 * timeout so no call is left hanging unnoticed.
 */
export function pending<R>(method: string, timeoutMs: number, invoke: (done: (response: R) => void) => void, onThrow: (thrown: unknown) => Error): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SalesforceTimeoutError(method, timeoutMs)), timeoutMs);
    try {
      invoke((response) => {
        clearTimeout(timer);
        resolve(response);
      });
    } catch (thrown) {
      clearTimeout(timer);
      reject(onThrow(thrown));
    }
  });
}
