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

  /** A guard of its own in front of the lab Janus, plain ws, with the timings a test gives. */
  const guardWith = async (timing: { reclaimWindowMs?: number; heartbeatMs?: number }) =>
    startGatewayGuard({ host: '127.0.0.1', port: await freePort(), upstream: janus.upstreamUrl, logger: { warn: () => undefined }, ...timing });

  /** Sends one request and resolves with Janus's answer to it. */
  const ask = (socket: WebSocket, request: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const transaction = Math.random().toString(36).slice(2);
    return new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData): void => {
        const reply = JSON.parse(String(data)) as Record<string, unknown>;
        if (reply.transaction !== transaction) return;
        socket.off('message', onMessage);
        resolve(reply);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ ...request, transaction, token: janus.token() }));
    });
  };

  const newSession = async (url: string): Promise<{ socket: WebSocket; id: number }> => {
    const socket = await open(url);
    if (typeof socket === 'number') throw new Error(`upgrade refused: ${socket}`);
    const created = await ask(socket, { janus: 'create' });
    return { socket, id: (created.data as { id: number }).id };
  };

  /**
   * Opens a session through a guard with `reclaimWindowMs`, drops the page's connection without a
   * close frame (as a crashed or unplugged browser's), waits `waitMs` and claims the session over a
   * new connection: Janus's answer.
   */
  const claimAfterDrop = async (reclaimWindowMs: number, waitMs: number): Promise<Record<string, unknown>> => {
    const guard = await guardWith({ reclaimWindowMs });
    try {
      const first = await newSession(guard.url);
      first.socket.terminate();
      await new Promise((r) => setTimeout(r, waitMs));
      const second = await open(guard.url);
      if (typeof second === 'number') throw new Error(`upgrade refused: ${second}`);
      const reply = await ask(second, { janus: 'claim', session_id: first.id });
      second.close();
      return { ...reply, created: first.id };
    } finally {
      await guard.close();
    }
  };

  it('a page that drops can claim its session back over a new connection within the reclaim window', async () => {
    // Longer than Janus alone keeps a session whose connection closed (1 s, checked every 2 s).
    const reply = await claimAfterDrop(6000, 4000);
    expect(reply).toMatchObject({ janus: 'success', session_id: reply.created });
  });

  it("past the reclaim window Janus has destroyed the dropped page's session", async () => {
    // The window, Janus's reclaim_session_timeout (1 s) and its check every 2 s (glib may run it up to 1 s late).
    expect(await claimAfterDrop(300, 300 + 1000 + 3000 + 500)).toMatchObject({ janus: 'error', error: { code: 458 } });
  });

  it('drops a page that stops answering pings, as if its connection had closed', async () => {
    const guard = await guardWith({ heartbeatMs: 200 });
    try {
      const page = new WebSocket(guard.url, ['janus-protocol'], { autoPong: false });
      await new Promise((resolve, reject) => page.once('open', resolve).once('error', reject));
      const pings = { count: 0 };
      page.on('ping', () => pings.count++);
      const started = Date.now();
      // The guard cannot send a close frame to a page that is not there: the connection just ends.
      expect(await closed(page)).toBe(1006);
      expect(pings.count).toBe(1);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await guard.close();
    }
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
