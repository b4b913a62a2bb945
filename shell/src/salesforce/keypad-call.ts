import type { SearchMatch } from '@patchbay/opencti';

/**
 * The record a call dialled on the keypad concerns: the one the agent has in view when dialling,
 * else the only record an outbound search for the number found. Several matches and nothing in
 * view relate it to none: guessing would file the Task on the wrong record.
 */
export function recordForKeypadCall(inView: SearchMatch | null, matches: readonly SearchMatch[]): SearchMatch | null {
  if (inView) return inView;
  return matches.length === 1 ? (matches[0] ?? null) : null;
}
