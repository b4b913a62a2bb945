/**
 * A valid example of every message, in two forms: `full` (every optional field present, nullable
 * fields set) and `minimal` (optional fields absent, nullable fields null). For docs, the in-page
 * demo and tests (the fuzz test derives its type oracle from these, not from the validators).
 * Imported as `@patchbay/contract/examples`, so the page's shared copy of the contract leaves them out.
 */
import { idleSnapshot } from './call.js';
import type { MessageKind, PayloadOfKind, RequestKind, ReplyOfKind } from './subjects.js';

/** `more`: other valid shapes worth showing (a nested object with its nullable fields null). */
export type Examples = { [K in MessageKind]: { full: PayloadOfKind<K>; minimal: PayloadOfKind<K>; more?: readonly PayloadOfKind<K>[] } };

const callId = 'call-7f3a';
const connected = {
  seq: 12,
  status: 'connected',
  callId,
  direction: 'outbound',
  remoteNumber: '+14155550100',
  muted: false,
  startedAt: 1_764_000_000_000,
  connectedAt: 1_764_000_004_000,
  endedAt: 1_764_000_064_000,
  cause: 'remote-hangup',
  causeDetail: 'BYE',
  quality: { jitter: 0.004, packetLoss: 0.01, roundTripTime: 0.02, mos: 4.3 },
  consult: {
    status: 'ended',
    target: '+442071234567',
    startedAt: 1_764_000_010_000,
    connectedAt: 1_764_000_012_000,
    endedAt: 1_764_000_030_000,
    cause: 'transferred',
    causeDetail: 'transferred (200)',
  },
  transfer: { mode: 'attended', target: '+442071234567', status: 'requested', detail: null, at: 1_764_000_029_000 },
  recordId: '003000000000001AAA',
} as const;
const historyEntry = {
  callId,
  direction: 'inbound',
  number: '+14155550100',
  startedAt: 1_764_000_000_000,
  durationSec: 64.2,
  disposition: 'Sale',
  notes: 'Upgraded plan.',
} as const;
const shortCall = { callId: 'call-0001', direction: 'outbound', number: '5550100', startedAt: 1_764_000_000_000, durationSec: 0 } as const;
// The minimal snapshot leaves out the fields a phone of an earlier build does not send.
const { consult: _consult, transfer: _transfer, recordId: _recordId, ...idle } = idleSnapshot(0);

export const EXAMPLES: Examples = {
  'cmd.dial': { full: { number: '(415) 555-0100', recordId: '003000000000001AAA', extension: ',12#' }, minimal: { number: '5550100' } },
  'cmd.answer': { full: { callId }, minimal: { callId } },
  'cmd.decline': { full: { callId }, minimal: { callId } },
  'cmd.hangup': { full: { callId }, minimal: { callId } },
  'cmd.mute': { full: { callId, on: true }, minimal: { callId, on: false } },
  'cmd.hold': { full: { callId, on: true }, minimal: { callId, on: false } },
  'cmd.dtmf': { full: { callId, digits: '12*#' }, minimal: { callId, digits: '5' } },
  'cmd.transfer': { full: { callId, mode: 'consult', target: 'sip:queue@127.0.0.1' }, minimal: { callId, mode: 'complete' } },
  'cmd.set-status': { full: { status: 'away' }, minimal: { status: 'available' } },
  'cmd.log-call': {
    full: { callId, disposition: 'Resolved', notes: 'Customer asked for a callback on Monday.', recordId: '003000000000001' },
    minimal: { callId },
    more: [
      { callId, notes: 'Wants the invoice resent.' },
      { callId, disposition: 'Resolved' },
    ],
  },
  'state.call': {
    full: connected,
    minimal: idle,
    more: [
      {
        ...connected,
        status: 'on-hold',
        endedAt: null,
        cause: null,
        causeDetail: null,
        consult: { status: 'ringing-out', target: '+442071234567', startedAt: 1_764_000_010_000, connectedAt: null, endedAt: null, cause: null, causeDetail: null },
        transfer: null,
        recordId: null,
      },
    ],
  },
  'state.health': {
    full: { widget: 'call-log', version: '1.4.0', status: 'degraded', detail: 'history unavailable', at: 1_764_000_000_000 },
    minimal: { widget: 'dialpad', version: '1.0.0', status: 'ok', at: 1_764_000_000_000 },
  },
  'state.refused': {
    full: { command: 'cmd.hangup', callId: 'call-0001', reason: 'that call is not the current one (call-7f3a)', at: 1_764_000_000_000 },
    minimal: { command: 'cmd.dial', callId: null, reason: 'too many commands', at: 0 },
  },
  'state.call-log': {
    full: { callId, status: 'failed', taskId: null, reason: 'Salesforce refused the Task: invalid cross reference id', at: 1_764_000_070_000 },
    minimal: { callId, status: 'saved', taskId: null, reason: null, at: 0 },
    more: [{ callId, status: 'saved', taskId: '00T000000000001AAA', reason: null, at: 1_764_000_070_000 }],
  },
  'query.call': { full: {}, minimal: {} },
  'state.phone-window': { full: { open: true, at: 1_764_000_000_000 }, minimal: { open: false, at: 0 } },
  'query.phone-window': { full: {}, minimal: {} },
  'query.phone-handover': { full: {}, minimal: {} },
  'query.phone-renewal': { full: {}, minimal: {} },
  presence: {
    full: { agentId: 'alice', status: 'busy', since: 1_764_000_000_000, displayName: 'Alice Example' },
    minimal: { agentId: 'alice', status: 'offline', since: 0, displayName: '' },
  },
  history: { full: historyEntry, minimal: shortCall },
  'store.presence.set': {
    full: { agentId: 'alice', status: 'away', since: 1_764_000_000_000, displayName: 'Alice Example' },
    minimal: { agentId: 'alice', status: 'available', since: 0, displayName: '' },
  },
  'store.presence.list': { full: { after: 'alice', agent: 'bob' }, minimal: {} },
  'store.history.append': { full: historyEntry, minimal: shortCall },
  'store.history.recent': { full: { limit: 500 }, minimal: { limit: 1 } },
};

export const REPLY_EXAMPLES: { [K in RequestKind]: { full: ReplyOfKind<K>; minimal: ReplyOfKind<K> } } = {
  'query.call': { full: connected, minimal: idle },
  'query.phone-window': { full: { open: true, at: 1_764_000_000_000 }, minimal: { open: false, at: 0 } },
  'query.phone-handover': { full: { released: false, reason: 'a call is up in this tab' }, minimal: { released: true, reason: null } },
  'query.phone-renewal': {
    full: { sealed: { key: 'BHh5ZXQgYW5vdGhlciBwdWJsaWMga2V5', iv: 'bm9uY2Ugbm9uY2Ug', data: 'c2VhbGVkIGNyZWRlbnRpYWxz' }, refused: null },
    minimal: { sealed: null, refused: 'this tab does not know the phone window' },
  },
  'store.presence.set': { full: { refused: 'rate limited: more than 20 writes a second' }, minimal: { refused: null } },
  'store.presence.list': {
    full: { states: [{ agentId: 'bob', status: 'busy', since: 1_764_000_000_000, displayName: 'Bob Example' }], next: 'bob', refused: null },
    minimal: { states: [], next: null, refused: null },
  },
  'store.history.append': { full: { refused: 'the history stream is unavailable' }, minimal: { refused: null } },
  'store.history.recent': { full: { entries: [historyEntry, shortCall], truncated: true, refused: null }, minimal: { entries: [], truncated: false, refused: null } },
};
