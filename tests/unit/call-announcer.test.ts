import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '@patchbay/contract/examples';
import type { CallSnapshot } from '@patchbay/contract';
import { announcement } from '../../shell/src/ui/call-announcer.js';

const call = (status: CallSnapshot['status'], more: Partial<CallSnapshot> = {}): CallSnapshot => ({ ...EXAMPLES['state.call'].full, callId: 'call-1', remoteNumber: '4155550101', status, ...more });

describe('what the live region says', () => {
  it('says each step of a call once, resume apart from connect, and a failure with its reason', () => {
    expect(announcement(null, call('ringing-in'))).toBe('Incoming call from 4155550101');
    expect(announcement(call('ringing-in'), call('connected'))).toBe('Connected to 4155550101');
    expect(announcement(call('connected'), call('connected', { muted: true }))).toBeNull();
    expect(announcement(call('connected'), call('on-hold'))).toBe('Call with 4155550101 on hold');
    expect(announcement(call('on-hold'), call('connected'))).toBe('Call with 4155550101 resumed');
    expect(announcement(call('connected'), call('ended', { cause: 'remote-hangup' }))).toBe('Call with 4155550101 ended (remote hangup)');
    expect(announcement(call('dialing'), call('failed', { cause: 'not-found', causeDetail: '404 Not Found' }))).toBe('Call with 4155550101 failed: 404 Not Found');
    expect(announcement(null, call('idle'))).toBeNull();
  });
});
