import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '@patchbay/contract/examples';
import { summarize } from '../src/components/__TAG__/summary.js';

// The widget's own tests, run by the repo's `npm test` (vitest finds remotes/*/tests/).
describe('__TAG__ summary', () => {
  it('says who the call is with and where it stands, from the contract example of a call', () => {
    expect(summarize(EXAMPLES['state.call'].full)).toBe('To +14155550100: connected');
  });

  it('says there is no call when the phone is idle or has said nothing yet', () => {
    expect(summarize(EXAMPLES['state.call'].minimal)).toBe('No call');
    expect(summarize(null)).toBe('No call');
  });
});
