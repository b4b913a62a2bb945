import { describe, expect, it } from 'vitest';
import { judgeRequest, JanusErrorCode, MAX_REQUEST_BYTES, SIP_PLUGIN } from '@patchbay/gateway-guard';

const frame = (request: unknown): Buffer => Buffer.from(JSON.stringify(request));

/** The error a refused frame gets back, parsed. */
function refusal(data: Buffer, binary = false): { janus: string; transaction?: string; error: { code: number; reason: string } } {
  const verdict = judgeRequest(data, binary);
  if (verdict.forward) throw new Error(`expected a refusal of ${data.toString()}`);
  return JSON.parse(verdict.reply) as ReturnType<typeof refusal>;
}

describe('gateway guard policy', () => {
  // Shaped as janus-gateway 1.4 sends them (its randomString transactions, ids as numbers).
  it.each([
    { janus: 'create', transaction: 'a1', token: 't' },
    { janus: 'claim', session_id: 1, transaction: 'a2', token: 't' },
    { janus: 'keepalive', session_id: 1, transaction: 'a3', token: 't' },
    { janus: 'attach', plugin: SIP_PLUGIN, opaque_id: null, transaction: 'a4', token: 't', session_id: 1 },
    { janus: 'message', body: { request: 'register' }, transaction: 'a5', token: 't', session_id: 1, handle_id: 2 },
    { janus: 'message', body: { request: 'call', uri: 'sip:x@y' }, jsep: { type: 'offer', sdp: 'v=0\r\n' }, transaction: 'a6', session_id: 1, handle_id: 2 },
    { janus: 'trickle', candidate: { completed: true }, transaction: 'a7', session_id: 1, handle_id: 2 },
    { janus: 'detach', transaction: 'a8', session_id: 1, handle_id: 2 },
    { janus: 'hangup', transaction: 'a9', session_id: 1, handle_id: 2 },
    { janus: 'destroy', transaction: 'b1', session_id: 1 },
  ])('forwards $janus', (request) => {
    expect(judgeRequest(frame(request), false)).toEqual({ forward: true });
  });

  it.each(['info', 'ping'])('answers %s itself: unauthorized, with the transaction echoed', (name) => {
    expect(refusal(frame({ janus: name, transaction: 'x1' }))).toEqual({
      janus: 'error',
      transaction: 'x1',
      error: { code: JanusErrorCode.UNAUTHORIZED, reason: `"${name}" is not answered to pages` },
    });
  });

  it('refuses requests the phone never sends, whatever their case (Janus ignores case)', () => {
    for (const name of ['INFO', 'Create', 'list_sessions', 'add_token', 'get_status', '']) {
      const reply = refusal(frame({ janus: name, transaction: 'x2' }));
      expect(reply.error.code).toBe(JanusErrorCode.INVALID_REQUEST_PATH);
      expect(reply.error.reason).toBe(`unknown request ${JSON.stringify(name)}`);
    }
  });

  it('lets attach reach the SIP plugin only', () => {
    for (const plugin of ['janus.plugin.echotest', 'janus.plugin.SIP', `${SIP_PLUGIN} `, undefined, null, 7, [SIP_PLUGIN]]) {
      const reply = refusal(frame({ janus: 'attach', plugin, transaction: 'x3', session_id: 1 }));
      expect(reply.error.code).toBe(JanusErrorCode.UNAUTHORIZED_PLUGIN);
      expect(reply.transaction).toBe('x3');
    }
    // JSON's last duplicate key wins, in JavaScript as in Janus's parser: the later plugin is judged.
    const twice = Buffer.from(`{"janus":"attach","plugin":"${SIP_PLUGIN}","plugin":"janus.plugin.echotest","transaction":"x4"}`);
    expect(refusal(twice).error.reason).toBe(`attach to "janus.plugin.echotest"; only ${SIP_PLUGIN} is allowed`);
  });

  it('refuses what is not a JSON object with a request name', () => {
    expect(refusal(Buffer.from('{"janus":"info"'))).toEqual({ janus: 'error', error: { code: JanusErrorCode.INVALID_JSON, reason: 'not JSON' } });
    // Janus's WebSocket transport runs each JSON value of a frame as a request of its own: an
    // `info` must not ride in behind an allowed request.
    expect(refusal(Buffer.from('{"janus":"create","transaction":"a"}{"janus":"info","transaction":"b"}')).error.reason).toBe('not JSON');
    for (const text of ['[{"janus":"create"}]', '"create"', 'null', '42']) {
      expect(refusal(Buffer.from(text)).error).toEqual({ code: JanusErrorCode.INVALID_JSON, reason: 'not a JSON object' });
    }
    for (const name of [undefined, 3, ['info'], { info: true }]) {
      expect(refusal(frame({ janus: name, transaction: 'x5' }))).toMatchObject({ transaction: 'x5', error: { code: JanusErrorCode.MISSING_MANDATORY_ELEMENT } });
    }
  });

  it('echoes only a string transaction', () => {
    expect(refusal(frame({ janus: 'info', transaction: { forged: true } }))).not.toHaveProperty('transaction');
  });

  it('refuses binary frames and frames over the size limit without reading them', () => {
    expect(refusal(frame({ janus: 'create', transaction: 'x6' }), true).error.reason).toBe('binary frame (the Janus API is JSON text)');
    const padding = 'x'.repeat(MAX_REQUEST_BYTES);
    const big = refusal(frame({ janus: 'message', body: { padding }, transaction: 'x7' }));
    expect(big).not.toHaveProperty('transaction');
    expect(big.error.code).toBe(JanusErrorCode.INVALID_JSON);
    expect(big.error.reason).toMatch(/^frame of \d+ bytes, over the 65536-byte limit$/);
    const justUnder = frame({ janus: 'message', body: { padding: padding.slice(0, MAX_REQUEST_BYTES - 100) }, transaction: 'x8' });
    expect(justUnder.length).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    expect(judgeRequest(justUnder, false).forward).toBe(true);
  });

  it('quotes page-chosen names in its reasons, so a log line cannot be forged', () => {
    const reason = refusal(frame({ janus: 'x\ngateway-guard: all fine', transaction: 'x9' })).error.reason;
    expect(reason).not.toContain('\n');
    expect(refusal(frame({ janus: 'y'.repeat(500), transaction: 'x10' })).error.reason.length).toBeLessThan(100);
  });
});
