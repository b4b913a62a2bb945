import { describe, expect, test } from 'vitest';
import {
  ContractError,
  DropCounter,
  InvalidAgentIdError,
  MAX_MESSAGE_BYTES,
  MESSAGE_KINDS,
  PRESENCE_STATUSES,
  agentId,
  decode,
  decodeAny,
  decodeReply,
  encode,
  encodeReply,
  isChosenStatus,
  parseSubject,
  subjects,
  type MessageKind,
  type Subject,
} from '@patchbay/contract';
import { EXAMPLES, REPLY_EXAMPLES } from '@patchbay/contract/examples';

const alice = agentId('alice');
const utf8 = new TextEncoder();
const bytesOf = (value: unknown): Uint8Array => utf8.encode(JSON.stringify(value));
const envelope = (data: unknown, extra: Record<string, unknown> = {}): Uint8Array => bytesOf({ v: 1, id: 'm1', at: 1, data, ...extra });

/** The subject builder of each kind, checked to cover every kind. */
const builders: { [K in MessageKind]: (a: typeof alice) => string } = {
  'cmd.dial': subjects.dial,
  'cmd.answer': subjects.answer,
  'cmd.decline': subjects.decline,
  'cmd.hangup': subjects.hangup,
  'cmd.mute': subjects.mute,
  'cmd.hold': subjects.hold,
  'cmd.dtmf': subjects.dtmf,
  'cmd.transfer': subjects.transfer,
  'cmd.set-status': subjects.setStatus,
  'cmd.log-call': subjects.logCall,
  'state.call': subjects.callState,
  'state.health': subjects.widgetHealth,
  'state.refused': subjects.commandRefused,
  'state.call-log': subjects.callLogOutcome,
  'query.call': subjects.callStateQuery,
  'state.phone-window': subjects.phoneWindow,
  'query.phone-window': subjects.phoneWindowQuery,
  'query.phone-handover': subjects.phoneHandover,
  'query.phone-renewal': subjects.phoneRenewal,
  presence: subjects.presence,
  history: subjects.history,
  'store.presence.set': subjects.presenceSet,
  'store.presence.list': subjects.presenceList,
  'store.history.append': subjects.historyAppend,
  'store.history.recent': subjects.historyRecent,
};
const kinds = Object.keys(MESSAGE_KINDS) as MessageKind[];

describe('subjects', () => {
  test('carry the version and the agent, and parse back', () => {
    expect(subjects.dial(alice)).toBe('pb.v1.agent.alice.cmd.dial');
    for (const kind of kinds) expect(parseSubject(builders[kind](alice))).toEqual({ agentId: 'alice', kind });
  });

  test('refuse agent ids that could widen or escape a subject', () => {
    for (const bad of ['', 'a.b', '>', '*', 'a b', 'ä', 'x'.repeat(65)]) expect(() => agentId(bad)).toThrow(InvalidAgentIdError);
    expect(() => subjects.dial('a.>' as typeof alice)).toThrow(InvalidAgentIdError);
    expect(agentId('005xx000001X8UzAAK')).toBe('005xx000001X8UzAAK');
  });

  test('unknown subjects do not parse', () => {
    for (const s of ['pb.v2.agent.alice.cmd.dial', 'pb.v1.agent.alice.cmd.nope', 'pb.v1.agent.alice', 'pb.v1.agent.a.b.cmd.dial', 'x']) {
      expect(parseSubject(s)).toBeNull();
    }
  });
});

describe('round trip', () => {
  for (const kind of kinds) {
    for (const form of ['full', 'minimal'] as const) {
      test(`${kind} (${form})`, () => {
        const subject = builders[kind](alice) as Subject<unknown>;
        const payload = EXAMPLES[kind][form];
        const decoded = decode(subject, encode(subject, payload, { id: 'abc', at: 5 }));
        expect(decoded).toEqual({ ok: true, payload, meta: { subject, agentId: 'alice', kind, id: 'abc', at: 5 } });
      });
    }
  }

  test('request reply (call snapshot for late joiners)', () => {
    const subject = subjects.callStateQuery(alice);
    for (const reply of [REPLY_EXAMPLES['query.call'].full, REPLY_EXAMPLES['query.call'].minimal]) {
      expect(decodeReply(subject, encodeReply(subject, reply))).toMatchObject({ ok: true, payload: reply });
    }
  });

  test('unknown fields are left out, not passed through', () => {
    const decoded = decode(subjects.dial(alice), envelope({ number: '123', evil: '<script>', __proto__: { x: 1 } }));
    expect(decoded.ok && decoded.payload).toEqual({ number: '123' });
    expect(decoded.ok && Object.keys(decoded.payload)).toEqual(['number']);
  });
});

describe('rejections carry a code and a reason, and are counted', () => {
  const cases: [string, string, Uint8Array, string, RegExp][] = [
    ['wrong type', subjects.mute(alice), envelope({ callId: 'c1', on: 'yes' }), 'invalid-payload', /data\.on: expected boolean, got string/],
    ['missing field', subjects.hangup(alice), envelope({}), 'invalid-payload', /data\.callId: expected .*missing/],
    ['bad enum', subjects.setStatus(alice), envelope({ status: 'sleeping' }), 'invalid-payload', /one of available\|busy\|away\|offline/],
    ['bad dtmf', subjects.dtmf(alice), envelope({ callId: 'c1', digits: '12x' }), 'invalid-payload', /DTMF/],
    ['NaN-like number', subjects.callState(alice), envelope({ ...EXAMPLES['state.call'].full, seq: 1.5 }), 'invalid-payload', /data\.seq/],
    ['nested', subjects.callState(alice), envelope({ ...EXAMPLES['state.call'].full, quality: { jitter: 0 } }), 'invalid-payload', /data\.quality\.packetLoss/],
    ['presence of someone else', subjects.presence(alice), envelope({ ...EXAMPLES.presence.full, agentId: 'bob' }), 'invalid-payload', /does not match/],
    ['transfer without a target', subjects.transfer(alice), envelope({ callId: 'c1', mode: 'consult' }), 'invalid-payload', /data\.target: expected .*missing/],
    ['unknown transfer mode', subjects.transfer(alice), envelope({ callId: 'c1', mode: 'warm', target: '2001' }), 'invalid-payload', /data\.mode: expected one of blind\|consult\|complete\|cancel/],
    ['nested consultation', subjects.callState(alice), envelope({ ...EXAMPLES['state.call'].full, consult: { status: 'on-hold' } }), 'invalid-payload', /data\.consult\.status/],
    ['extension without a digit', subjects.dial(alice), envelope({ number: '5550100', extension: ',,' }), 'invalid-payload', /data\.extension: expected .*DTMF/],
    ['extension with a letter', subjects.dial(alice), envelope({ number: '5550100', extension: '12x' }), 'invalid-payload', /data\.extension/],
    ['dialled record that is no Salesforce id', subjects.callState(alice), envelope({ ...EXAMPLES['state.call'].full, recordId: 'ada' }), 'invalid-payload', /data\.recordId: expected Salesforce id/],
    [
      'log outcome with an unknown status',
      subjects.callLogOutcome(alice),
      envelope({ ...EXAMPLES['state.call-log'].full, status: 'pending' }),
      'invalid-payload',
      /data\.status: expected one of saved\|failed/,
    ],
    ['array payload', subjects.dial(alice), envelope(['123']), 'invalid-payload', /expected object, got array/],
    ['unknown subject', 'pb.v1.agent.alice.cmd.reboot', envelope({}), 'unknown-subject', /not a pb\.v1 subject/],
    ['other version subject', 'pb.v2.agent.alice.cmd.dial', envelope({ number: '1' }), 'unknown-subject', /not a pb\.v1 subject/],
    ['oversized', subjects.logCall(alice), envelope({ callId: 'c1', notes: 'x'.repeat(MAX_MESSAGE_BYTES) }), 'oversized', /limit 16384/],
    ['not json', subjects.dial(alice), utf8.encode('{"v":1,'), 'not-json', /JSON/],
    ['not utf-8', subjects.dial(alice), new Uint8Array([0xff, 0xfe, 0x7b]), 'not-json', /encoded data was not valid/],
    ['no envelope', subjects.dial(alice), bytesOf({ number: '123' }), 'version-mismatch', /v=undefined/],
    ['other version envelope', subjects.dial(alice), bytesOf({ v: 2, id: 'm', at: 1, data: { number: '1' } }), 'version-mismatch', /v=2/],
    ['bad id', subjects.dial(alice), envelope({ number: '1' }, { id: 'a b' }), 'bad-envelope', /id:/],
    ['no data', subjects.dial(alice), bytesOf({ v: 1, id: 'm', at: 1 }), 'bad-envelope', /data: missing/],
    ['reply on a non-request subject', subjects.dial(alice), envelope({}), 'unknown-subject', /takes no requests/],
  ];
  for (const [name, subject, bytes, code, reason] of cases) {
    test(name, () => {
      const drops = new DropCounter();
      const decoded = name === 'reply on a non-request subject' ? decodeReply(subject as never, bytes, drops) : decodeAny(subject, bytes, drops);
      expect(decoded.ok).toBe(false);
      if (decoded.ok) return;
      expect(decoded.code).toBe(code);
      expect(decoded.reason).toMatch(reason);
      expect(drops.byCode[decoded.code]).toBe(1);
      expect(drops.total).toBe(1);
    });
  }

  test('encode refuses what decode would drop', () => {
    expect(() => encode(subjects.dial(alice), { number: 'call me' })).toThrow(ContractError);
    expect(() => encode(subjects.logCall(alice), { callId: 'c1', notes: '\u0001'.repeat(4000) })).toThrow(/oversized/); // JSON escapes each to 6 bytes
    expect(() => encode('pb.v1.agent.alice.cmd.nope' as Subject<object>, {})).toThrow(/unknown-subject/);
    expect(() => encode(subjects.presence(alice), { ...EXAMPLES.presence.full, agentId: 'bob' })).toThrow(/does not match/);
  });
});

describe('chosen statuses', () => {
  test('the agent picks every status but the two the shell sets, and set-status takes exactly those', () => {
    expect(PRESENCE_STATUSES.filter((status) => !isChosenStatus(status))).toEqual(['on-call', 'wrap-up']);
    for (const status of PRESENCE_STATUSES) {
      const sent = () => encode(subjects.setStatus(alice), { status } as never);
      if (isChosenStatus(status)) expect(sent).not.toThrow();
      else expect(sent).toThrow(ContractError);
    }
  });
});
