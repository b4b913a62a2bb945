import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort, labTls, startJanus, type RunningJanus } from '@patchbay/devservers';
import { startGatewayGuard, MAX_REQUEST_BYTES } from '@patchbay/gateway-guard';

const tls = await labTls();

/** Opens a WebSocket; resolves with it once open, or with the HTTP status the upgrade got. */
function open(url: string, protocols: string[] = ['janus-protocol']): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { ca: tls.caPem });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

describe('the gateway guard in front of the lab Janus', () => {
  let janus: RunningJanus;
  beforeAll(async () => {
    janus = await startJanus();
  });
  afterAll(async () => {
    await janus?.stop();
  });

  it('closes a page connection when Janus goes away, and serves new ones once it is back', async () => {
    const page = await open(janus.url);
    if (typeof page === 'number') throw new Error(`upgrade refused: ${page}`);
    const gone = closed(page);
    await janus.restart();
    await gone;
    const again = await open(janus.url);
    if (typeof again === 'number') throw new Error(`upgrade refused: ${again}`);
    const created = new Promise<string>((resolve) => again.once('message', (data) => resolve(String(data))));
    again.send(JSON.stringify({ janus: 'create', transaction: 'r1', token: janus.token() }));
    expect(JSON.parse(await created)).toMatchObject({ janus: 'success', transaction: 'r1' });
    again.close();
  });

  it('closes a connection that sends a frame far over the limit instead of reading it whole', async () => {
    const page = await open(janus.url);
    if (typeof page === 'number') throw new Error(`upgrade refused: ${page}`);
    const code = closed(page);
    page.send(JSON.stringify({ janus: 'message', body: { padding: 'x'.repeat(32 * MAX_REQUEST_BYTES) }, transaction: 'big' }));
    expect(await code).toBe(1009);
  });

  it('refuses an upgrade without the janus-protocol subprotocol, and plain HTTP', async () => {
    expect(await open(janus.url, ['chat'])).toBe(400);
    const status = await new Promise<number>((resolve, reject) => get(janus.url.replace('wss:', 'https:'), { ca: tls.caPem }, (response) => resolve(response.statusCode ?? 0)).on('error', reject));
    expect(status).toBe(426);
  });
});

it('refuses a page at once while Janus is not there (502), so janus-gateway moves on', async () => {
  const warnings: string[] = [];
  const guard = await startGatewayGuard({
    host: '127.0.0.1',
    port: await freePort(),
    upstream: `ws://127.0.0.1:${await freePort()}`,
    tls: { cert: tls.certPem, key: tls.keyPem },
    logger: { warn: (m) => warnings.push(m) },
  });
  try {
    const started = Date.now();
    expect(await open(guard.url)).toBe(502);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(warnings).toEqual([expect.stringMatching(/^gateway-guard: refused 127\.0\.0\.1:\d+: Janus unreachable \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/)]);
  } finally {
    await guard.close();
  }
});
