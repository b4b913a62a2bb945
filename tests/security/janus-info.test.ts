import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort, labTls, launchChromium, startJanus, startStaticServer, type Browser, type RouteHandler, type RunningJanus, type StaticServer } from '@patchbay/devservers';
import { startGatewayGuard, type GatewayGuard } from '@patchbay/gateway-guard';

// Finding: Janus answers `{"janus":"info"}` (version, log path, library versions, plugins, ICE
// settings) to anyone, before its token check, and no setting closes it. Pages reach Janus only
// through the gateway guard, which forwards just what the phone sends.

type Message = Record<string, unknown> & { janus: string; transaction?: string; error?: { code: number; reason: string } };

/** One Janus API WebSocket, keeping every message it receives in order. */
interface Connection {
  readonly received: Message[];
  send(frame: string | Record<string, unknown>): void;
  /** The first message received (so far or later) that matches. */
  next(match: (message: Message) => boolean, timeoutMs?: number): Promise<Message>;
  close(): void;
}

async function connect(url: string): Promise<Connection> {
  const socket = new WebSocket(url, 'janus-protocol', { ca: (await labTls()).caPem });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const received: Message[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as Message));
  return {
    received,
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    async next(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(received)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => socket.close(),
  };
}

const reply = (transaction: string) => (message: Message) => message.transaction === transaction;

/** What the lab's guard logged so far (it writes before it answers). */
const guardLog = (): Promise<string> => readFile(janus.guardLogFile, 'utf8');

let janus: RunningJanus;
beforeAll(async () => {
  janus = await startJanus();
});
afterAll(async () => {
  await janus?.stop();
});

describe('Janus info through the gateway guard', () => {
  it('a page without a token gets no server info; Janus itself would have given it', async () => {
    const page = await connect(janus.url);
    page.send({ janus: 'info', transaction: 'i1' });
    expect(await page.next(reply('i1'))).toEqual({ janus: 'error', transaction: 'i1', error: { code: 403, reason: '"info" is not answered to pages' } });
    page.close();
    expect(await guardLog()).toMatch(/gateway-guard: refused a request from 127\.0\.0\.1:\d+ \(403\): "info" is not answered to pages\n/);

    // The control: the same request on Janus's own port answers, so without the guard this test fails.
    const direct = await connect(janus.upstreamUrl);
    direct.send({ janus: 'info', transaction: 'i2' });
    const info = await direct.next(reply('i2'));
    expect(info.janus).toBe('server_info');
    expect(info).toHaveProperty('version_string');
    // hide_dependencies: whoever reaches Janus itself does not learn its library versions.
    expect(info).not.toHaveProperty('dependencies');
    direct.close();
  });

  it('ping is refused too, and `info` cannot ride in behind an allowed request in the same frame', async () => {
    const smuggled = JSON.stringify({ janus: 'create', transaction: 's1' }) + JSON.stringify({ janus: 'info', transaction: 's2' });

    const direct = await connect(janus.upstreamUrl);
    direct.send(smuggled);
    // Janus's transport runs both values of the frame: the second one gets server info.
    expect((await direct.next(reply('s2'))).janus).toBe('server_info');
    direct.close();

    const page = await connect(janus.url);
    page.send({ janus: 'ping', transaction: 'p1' });
    expect((await page.next(reply('p1'))).error?.code).toBe(403);
    page.send(smuggled);
    expect((await page.next((m) => m.error?.reason === 'not JSON')).error?.code).toBe(454);
    // A request behind it on the same connection is answered by Janus; nothing else came back.
    page.send({ janus: 'create', transaction: 's3' });
    expect((await page.next(reply('s3'))).error?.code).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(page.received.map((m) => m.janus)).toEqual(['error', 'error', 'error']);
    page.close();
    expect(await guardLog()).toMatch(/\(403\): "ping" is not answered to pages\n.*\(454\): not JSON\n/);
  });

  it('a session with a signed token attaches the SIP plugin through the guard, and no other plugin', async () => {
    const page = await connect(janus.url);
    const token = janus.token();
    page.send({ janus: 'create', transaction: 'c1', token });
    const created = await page.next(reply('c1'));
    expect(created.janus).toBe('success');
    const session_id = (created.data as { id: number }).id;

    page.send({ janus: 'attach', plugin: 'janus.plugin.echotest', transaction: 'a1', token, session_id });
    expect(await page.next(reply('a1'))).toEqual({
      janus: 'error',
      transaction: 'a1',
      error: { code: 405, reason: 'attach to "janus.plugin.echotest"; only janus.plugin.sip is allowed' },
    });
    expect(await guardLog()).toMatch(/\(405\): attach to "janus\.plugin\.echotest"; only janus\.plugin\.sip is allowed\n/);

    page.send({ janus: 'attach', plugin: 'janus.plugin.sip', transaction: 'a2', token, session_id });
    const attached = await page.next(reply('a2'));
    expect(attached.janus).toBe('success');
    const handle_id = (attached.data as { id: number }).id;
    page.send({ janus: 'keepalive', transaction: 'k1', token, session_id });
    expect((await page.next(reply('k1'))).janus).toBe('ack');
    page.send({ janus: 'message', body: { request: 'unregister' }, transaction: 'm1', token, session_id, handle_id });
    // The SIP plugin answers (ack and event may come in either order): the message reached it.
    const event = await page.next((m) => m.transaction === 'm1' && m.janus === 'event');
    expect(event.plugindata).toMatchObject({ plugin: 'janus.plugin.sip' });
    page.send({ janus: 'detach', transaction: 'd1', token, session_id, handle_id });
    expect((await page.next(reply('d1'))).janus).toBe('success');
    page.send({ janus: 'destroy', transaction: 'd2', token, session_id });
    expect((await page.next(reply('d2'))).janus).toBe('success');
    page.close();
  });
});

describe('a gateway guard with an Origin allow-list', () => {
  let browser: Browser;
  let allowedSite: StaticServer;
  let otherSite: StaticServer;
  let guard: GatewayGuard;
  const warnings: string[] = [];

  beforeAll(async () => {
    const page: RouteHandler = (_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end('<title>a site</title>');
    const tls = await labTls();
    allowedSite = await startStaticServer({ root: null, port: await freePort(), tls, routes: { '/': page } });
    otherSite = await startStaticServer({ root: null, port: await freePort(), tls, routes: { '/': page } });
    guard = await startGatewayGuard({
      host: '127.0.0.1',
      port: await freePort(),
      upstream: janus.upstreamUrl,
      tls: { cert: tls.certPem, key: tls.keyPem },
      allowedOrigins: [allowedSite.origin],
      logger: { warn: (message) => warnings.push(message) },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await guard?.close();
    await allowedSite?.close();
    await otherSite?.close();
  });

  /** Opens a WebSocket to the guard from a page of `site` and sends `create`; what the page saw. */
  async function createFrom(site: StaticServer, token: string): Promise<string> {
    const tab = await browser.context.newPage();
    try {
      await tab.goto(`${site.origin}/`);
      return await tab.evaluate(
        ([url, token]) =>
          new Promise<string>((resolve) => {
            // The page's own WebSocket (the bare name would be this file's import of ws).
            const socket = new globalThis.WebSocket(url, 'janus-protocol');
            socket.onopen = () => socket.send(JSON.stringify({ janus: 'create', transaction: 'o1', token }));
            socket.onmessage = (event) => resolve(`answered ${(JSON.parse(String(event.data)) as { janus: string }).janus}`);
            socket.onclose = (event) => resolve(`closed ${event.code}`);
          }),
        [guard.url, token] as const,
      );
    } finally {
      await tab.close();
    }
  }

  it('lets a page of an allowed origin open a session, and refuses the upgrade to any other page', async () => {
    expect(await createFrom(allowedSite, janus.token())).toBe('answered success');
    expect(await createFrom(otherSite, janus.token())).toBe('closed 1006');
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^gateway-guard: refused 127\\.0\\.0\\.1:\\d+ \\(origin "${otherSite.origin}"\\): origin not allowed$`))]);
  });
});
