/**
 * Finding: the lab served pages over http and the bus and the gateway over ws, which a Salesforce
 * page (https) cannot use at all, and which proved nothing about TLS. Now every part is served
 * over TLS with a certificate from a CA made for the run, and nothing skips validation: the test
 * browser trusts that CA only through its NSS database, and Node only when handed the CA.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLabTls, freePort, startStaticServer, type LabTls, type RouteHandler, type StaticServer } from '@patchbay/devservers';
import { startGatewayGuard, type GatewayGuard } from '@patchbay/gateway-guard';
import { httpAttempt, httpsAttempt, webSocketAttempt } from '../support/connect-attempt.js';
import { startFullStack, type FullStack } from '../support/full-stack.js';

let lab: FullStack;
let otherCa: LabTls;
let trusted: StaticServer;
let impostor: StaticServer;
/** Gateway guards in front of the lab's Janus, one with each certificate. */
let trustedGateway: GatewayGuard;
let impostorGateway: GatewayGuard;

const page: RouteHandler = (_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end('<title>a site</title>');

beforeAll(async () => {
  lab = await startFullStack();
  otherCa = await createLabTls();
  trusted = await startStaticServer({ root: null, port: await freePort(), tls: lab.stack.tls, routes: { '/': page } });
  // The same name (127.0.0.1), a valid certificate in every way but its issuer.
  impostor = await startStaticServer({ root: null, port: await freePort(), tls: otherCa, routes: { '/': page } });
  const gateway = async (tls: LabTls): Promise<GatewayGuard> =>
    startGatewayGuard({ host: '127.0.0.1', port: 0, upstream: lab.stack.janus.upstreamUrl, tls: { cert: tls.certPem, key: tls.keyPem }, logger: { warn: () => undefined } });
  trustedGateway = await gateway(lab.stack.tls);
  impostorGateway = await gateway(otherCa);
});
afterAll(async () => {
  await trustedGateway?.close();
  await impostorGateway?.close();
  await trusted?.close();
  await impostor?.close();
  await otherCa?.remove();
  await lab?.stop();
});

test('the test browser validates certificates: one from another CA is refused, page and WebSocket alike', async () => {
  const tab = await lab.browser.context.newPage();
  try {
    await tab.goto(`${trusted.origin}/`);
    expect(await tab.title()).toBe('a site');
    // A gateway WebSocket: opened with the run's certificate, not with the impostor's.
    const open = (url: string): Promise<string> =>
      tab.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(url, 'janus-protocol');
            socket.onopen = () => {
              socket.close();
              resolve('open');
            };
            socket.onclose = (event) => resolve(`closed ${event.code}`);
          }),
        url,
      );
    expect([await open(trustedGateway.url), await open(impostorGateway.url)]).toEqual(['open', 'closed 1006']);
    // Nor load a page from it (last: the tab is left on Chromium's error page).
    await expect(tab.goto(`${impostor.origin}/`)).rejects.toThrow(/net::ERR_CERT_AUTHORITY_INVALID/);
  } finally {
    await tab.close();
  }
});

test('Node without the lab CA cannot connect to any part; with it, it can; and no part speaks plaintext', async () => {
  const { stack } = lab;
  const { caPem } = stack.tls;
  const pages: Record<string, string> = {
    shell: stack.softphone.shellUrl,
    'widget dialpad': `${stack.softphone.widgetOrigins.get('dialpad')}/`,
    simulator: stack.simulator.adminUrl,
    'credentials service': stack.credentials.url,
  };
  // The gateway checks the Origin of every upgrade: give it the shell's, as the shell's page would.
  const sockets: Record<string, { url: string; protocol?: string; origin?: string }> = {
    bus: { url: stack.bus.server.wsUrl },
    gateway: { url: stack.janus.url, protocol: 'janus-protocol', origin: new URL(stack.softphone.shellUrl).origin },
  };
  const seen: Record<string, string[]> = {};
  for (const [part, url] of Object.entries(pages)) {
    seen[part] = [await httpsAttempt(url), await httpsAttempt(url, { ca: caPem }), await httpAttempt(url.replace('https:', 'http:'))];
  }
  for (const [part, socket] of Object.entries(sockets)) {
    seen[part] = [await webSocketAttempt(socket.url, socket), await webSocketAttempt(socket.url, { ...socket, ca: caPem }), await webSocketAttempt(socket.url.replace('wss:', 'ws:'), socket)];
  }
  const untrusted = 'failed UNABLE_TO_VERIFY_LEAF_SIGNATURE';
  expect(seen).toEqual({
    shell: [untrusted, 'answered 200', 'failed ECONNRESET'],
    'widget dialpad': [untrusted, 'answered 404', 'failed ECONNRESET'],
    simulator: [untrusted, 'answered 200', 'failed ECONNRESET'],
    // A GET: the service answers only POST, but it answered over TLS.
    'credentials service': [untrusted, 'answered 405', 'failed ECONNRESET'],
    // nats-server answers plain HTTP on its TLS port with 400 ("an HTTP request to an HTTPS server").
    bus: [untrusted, 'open', 'refused 400'],
    gateway: [untrusted, 'open', 'failed ECONNRESET'],
  });
});
