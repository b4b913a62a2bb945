import { describe, expect, test } from 'vitest';
import { Parser, ProtocolError, classifyServerError, connectOp, headerStatus, pubOp, type ServerOp } from '@patchbay/bus/internal';

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** What the parser emits for `chunks`, payloads as text. */
function parseAll(...chunks: (string | Uint8Array)[]): unknown[] {
  const parser = new Parser();
  const out: unknown[] = [];
  const emit = (op: ServerOp): void => {
    out.push(op.kind === 'msg' ? { ...op, headers: op.headers && text.decode(op.headers), data: text.decode(op.data) } : op);
  };
  for (const chunk of chunks) parser.parse(typeof chunk === 'string' ? utf8.encode(chunk) : chunk, emit);
  return out;
}

const msg = (subject: string, sid: number, reply: string | null, data: string, headers: string | null = null) => ({ kind: 'msg', subject, sid, reply, headers, data });

describe('server protocol parser', () => {
  test('several operations in one frame', () => {
    expect(parseAll('INFO {"server_id":"x","headers":true}\r\nPING\r\nPONG\r\n+OK\r\nMSG a.b 1 5\r\nhello\r\n')).toEqual([
      { kind: 'info', maxPayload: null },
      { kind: 'ping' },
      { kind: 'pong' },
      { kind: 'ok' },
      msg('a.b', 1, null, 'hello'),
    ]);
  });

  test('a reply subject, an empty payload, a payload holding CRLF and protocol words', () => {
    expect(parseAll('MSG a 2 _INBOX_a.x.1 0\r\n\r\nMSG b 3 12\r\nPING\r\nPONG\r\n\r\n')).toEqual([msg('a', 2, '_INBOX_a.x.1', ''), msg('b', 3, null, 'PING\r\nPONG\r\n')]);
  });

  test('every split point of a frame gives the same operations', () => {
    const frame = 'MSG pb.v1.agent.a.state.call 7 _INBOX_a.t.9 11\r\n{"v":1,"x"}\r\nPING\r\nHMSG _INBOX_a.t.1 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n';
    const whole = parseAll(frame);
    expect(whole).toHaveLength(3);
    for (let cut = 1; cut < frame.length; cut++) expect(parseAll(frame.slice(0, cut), frame.slice(cut)), `cut at ${cut}`).toEqual(whole);
    // And one byte at a time.
    expect(parseAll(...frame.split(''))).toEqual(whole);
  });

  test('a payload split over many frames arrives whole and intact (UTF-8 split mid-character)', () => {
    const payload = utf8.encode(`{"name":"${'Ådå Łovelace '.repeat(2000)}"}`);
    const frame = new Uint8Array([...utf8.encode(`MSG big 4 ${payload.byteLength}\r\n`), ...payload, ...utf8.encode('\r\nPONG\r\n')]);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < frame.byteLength; at += 1001) chunks.push(frame.subarray(at, at + 1001));
    const ops = parseAll(...chunks) as { data?: string }[];
    expect(ops).toHaveLength(2);
    expect(ops[0]!.data).toBe(text.decode(payload));
    expect(ops[1]).toEqual({ kind: 'pong' });
  });

  test('HMSG: headers apart from the payload, with and without a reply subject', () => {
    const headers = 'NATS/1.0\r\nA: b\r\n\r\n';
    expect(parseAll(`HMSG s 5 r ${headers.length} ${headers.length + 2}\r\n${headers}hi\r\nHMSG s 5 ${headers.length} ${headers.length}\r\n${headers}\r\n`)).toEqual([
      msg('s', 5, 'r', 'hi', headers),
      msg('s', 5, null, '', headers),
    ]);
  });

  test('-ERR variants keep the server words without their quotes; lower-case operations parse too', () => {
    expect(parseAll(`-ERR 'Permissions Violation for Publish to "pb.v1.agent.bob.cmd.dial"'\r\n-ERR 'Authorization Violation'\r\n-ERR\r\nping\r\nmsg a 1 1\r\nx\r\n`)).toEqual([
      { kind: 'err', message: 'Permissions Violation for Publish to "pb.v1.agent.bob.cmd.dial"' },
      { kind: 'err', message: 'Authorization Violation' },
      { kind: 'err', message: '' },
      { kind: 'ping' },
      msg('a', 1, null, 'x'),
    ]);
  });

  test("INFO gives the server's max_payload, which the client must not exceed", () => {
    expect(parseAll('INFO {"server_id":"x","max_payload":65536,"headers":true}\r\n')).toEqual([{ kind: 'info', maxPayload: 65536 }]);
    expect(parseAll('INFO {"max_payload":-1}\r\nINFO {"max_payload":"big"}\r\n')).toEqual([
      { kind: 'info', maxPayload: null },
      { kind: 'info', maxPayload: null },
    ]);
  });

  test('what is not the protocol is refused', () => {
    for (const bad of ['HELLO\r\n', 'INFO {not json\r\n', 'INFO\r\n', 'MSG a 1\r\n', 'MSG a 1 x\r\n', 'MSG a b c d e\r\n', 'HMSG a 1 9 3\r\n', 'MSG a 1 1\r\nxy\r\n']) {
      expect(() => parseAll(bad), bad).toThrow(ProtocolError);
    }
  });
});

describe('headers and server errors', () => {
  test('the status of a header block', () => {
    expect(headerStatus(utf8.encode('NATS/1.0 503\r\n\r\n'))).toBe(503);
    expect(headerStatus(utf8.encode('NATS/1.0 408 Request Timeout\r\n\r\n'))).toBe(408);
    expect(headerStatus(utf8.encode('NATS/1.0\r\nA: b\r\n\r\n'))).toBeNull();
  });

  test('-ERR messages: permissions per subject and operation, credentials, the rest', () => {
    expect(classifyServerError('Permissions Violation for Publish to "pb.v1.agent.bob.cmd.dial"')).toMatchObject({ kind: 'permission', operation: 'publish', subject: 'pb.v1.agent.bob.cmd.dial' });
    expect(classifyServerError('Permissions Violation for Subscription to "pb.v1.agent.bob.>" using queue "q"')).toMatchObject({
      kind: 'permission',
      operation: 'subscription',
      subject: 'pb.v1.agent.bob.>',
    });
    for (const message of ['Authorization Violation', 'User Authentication Expired', 'Authentication Timeout', 'Account Authentication Expired', 'User Authentication Revoked']) {
      expect(classifyServerError(message).kind, message).toBe('auth');
    }
    for (const message of ['Stale Connection', 'Slow Consumer', 'Maximum Payload Violation', 'Unknown Protocol Operation']) expect(classifyServerError(message).kind, message).toBe('other');
  });
});

describe('client operations', () => {
  test('CONNECT asks for headers and no-responders, never verbose; PUB counts bytes', () => {
    const connect = connectOp({ jwt: 'eyJ.x.y', name: 'patchbay-ada' });
    expect(connect.endsWith('\r\n')).toBe(true);
    expect(JSON.parse(connect.slice('CONNECT '.length))).toMatchObject({ jwt: 'eyJ.x.y', name: 'patchbay-ada', verbose: false, headers: true, no_responders: true, protocol: 1 });
    expect(pubOp('a.b', null, 3)).toBe('PUB a.b 3\r\n');
    expect(pubOp('a.b', '_INBOX_a.t.1', 0)).toBe('PUB a.b _INBOX_a.t.1 0\r\n');
  });
});
