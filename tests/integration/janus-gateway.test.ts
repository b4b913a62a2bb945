import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { labTls, startJanus, type RunningJanus } from '@patchbay/devservers';

const tls = await labTls();

/** Sends one Janus request over a fresh WebSocket and returns the first reply. */
async function request(url: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url, 'janus-protocol', { ca: tls.caPem });
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const reply = new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
    socket.send(JSON.stringify({ transaction: 't1', ...body }));
    return await reply;
  } finally {
    socket.close();
  }
}

describe('our Janus config', () => {
  let janus: RunningJanus;
  beforeAll(async () => {
    janus = await startJanus();
  });
  afterAll(async () => {
    await janus?.stop();
  });

  it('refuses a session to a page without a token', async () => {
    const reply = await request(janus.url, { janus: 'create' });
    expect(reply.janus).toBe('error');
    expect((reply.error as { code: number }).code).toBe(403);
  });

  it('refuses a token signed with another secret', async () => {
    const [data] = janus.token().split(':');
    const reply = await request(janus.url, { janus: 'create', token: `${data}:Zm9yZ2Vk` });
    expect(reply.janus).toBe('error');
  });

  it('opens a session with a signed token and offers only the SIP plugin', async () => {
    const created = await request(janus.url, { janus: 'create', token: janus.token() });
    expect(created.janus).toBe('success');
    // The guard refuses `info` to pages; Janus's own loopback port shows what it loaded.
    const info = await request(janus.upstreamUrl, { janus: 'info' });
    expect(Object.keys(info.plugins as object)).toEqual(['janus.plugin.sip']);
    expect(Object.keys(info.transports as object)).toEqual(['janus.transport.websockets']);
    expect(info['reclaim-session-timeout']).toBeGreaterThan(0);
  });

  it('comes back on the same URLs after restart()', async () => {
    await janus.restart();
    const info = await request(janus.upstreamUrl, { janus: 'info' });
    expect(info.janus).toBe('server_info');
    const created = await request(janus.url, { janus: 'create', token: janus.token() });
    expect(created.janus).toBe('success');
  });
});
