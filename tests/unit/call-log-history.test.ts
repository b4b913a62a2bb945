import { describe, expect, it } from 'vitest';
import type { CallHistoryEntry, CallSnapshot } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { awaitingWrapUp, canCallBack, isMissed, mergeHistory, outcomeMessage } from '../../remotes/call-log/src/components/pb-call-log/history.js';

const entry = (callId: string, startedAt: number, extra: Partial<CallHistoryEntry> = {}): CallHistoryEntry => ({
  callId,
  direction: 'outbound',
  number: '+14155550101',
  startedAt,
  durationSec: 30,
  ...extra,
});
const snapshot = (callId: string, status: CallSnapshot['status']): CallSnapshot => ({ ...EXAMPLES['state.call'].full, callId, status });

describe('call log history', () => {
  it('keeps one row per call, newest first, the later entry (the wrap-up) winning', () => {
    const merged = mergeHistory([entry('a', 1), entry('b', 2)], [entry('a', 1, { disposition: 'Resolved' }), entry('c', 3)], 2);
    expect(merged.map((e) => e.callId)).toEqual(['c', 'b']);
    expect(mergeHistory([entry('a', 1)], [entry('a', 1, { disposition: 'Resolved' })], 5)[0]?.disposition).toBe('Resolved');
  });

  it('opens the wrap-up for the call that just ended, or the one the agent picked, until it has a disposition', () => {
    const history = [entry('a', 2), entry('b', 1)];
    expect(awaitingWrapUp(history, snapshot('a', 'ended'), null)?.callId).toBe('a');
    expect(awaitingWrapUp(history, snapshot('a', 'connected'), null)).toBeNull();
    expect(awaitingWrapUp(history, snapshot('a', 'connected'), 'b')?.callId).toBe('b');
    expect(awaitingWrapUp([entry('a', 2, { disposition: 'Resolved' })], snapshot('a', 'failed'), null)).toBeNull();
    expect(awaitingWrapUp(history, null, null)).toBeNull();
  });
});

describe('missed calls and call back', () => {
  it('marks an inbound call nobody talked on as missed, and no other', () => {
    expect(isMissed(entry('a', 1, { direction: 'inbound', durationSec: 0 }))).toBe(true);
    expect(isMissed(entry('b', 1, { direction: 'inbound', durationSec: 12 }))).toBe(false);
    expect(isMissed(entry('c', 1, { direction: 'outbound', durationSec: 0 }))).toBe(false);
  });

  it('offers a call back only for a number or SIP address a dial command accepts', () => {
    expect(canCallBack(entry('a', 1, { number: '+1 (415) 555-0101' }))).toBe(true);
    expect(canCallBack(entry('b', 1, { number: 'sip:005000000000002AAA@pbx.example.com' }))).toBe(true);
    expect(canCallBack(entry('c', 1, { number: 'Anonymous' }))).toBe(false);
  });

  it('says how a save went: with the Task, without one (no Salesforce), or not and why', () => {
    const history = [entry('a', 1)];
    const at = 1;
    expect(outcomeMessage({ callId: 'a', status: 'saved', taskId: '00T000000000001AAA', reason: null, at }, history)).toBe('Call with +14155550101 saved (Task 00T000000000001AAA)');
    expect(outcomeMessage({ callId: 'a', status: 'saved', taskId: null, reason: null, at }, history)).toBe('Call with +14155550101 saved');
    expect(outcomeMessage({ callId: 'z', status: 'failed', taskId: null, reason: 'Salesforce is unreachable', at }, history)).toBe('Call not saved: Salesforce is unreachable');
  });
});
