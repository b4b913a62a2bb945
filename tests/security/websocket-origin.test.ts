/**
 * Finding: the bus WebSocket had `allowed_origins` off and the lab's gateway guard no origin list,
 * so a page of any origin the agent's browser opened could open either (OWASP ASVS: check the
 * Origin of a WebSocket upgrade). Now both admit only the shell's page: not the Salesforce page
 * framing it, not a widget's own origin. The Origin header is what a browser says about a page;
 * outside a browser anyone can write it, so for Node clients it proves nothing either way (each
 * authenticates with its own JWT or token): nats-server accepts an upgrade without one, which is
 * how the bus store connects, while the gateway guard refuses it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { webSocketAttempt } from '../support/connect-attempt.js';
import { startFullStack, type FullStack } from '../support/full-stack.js';

let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack();
});
afterAll(async () => lab?.stop());

/** From a page at `pageUrl`, opens the bus and the gateway WebSockets; how each went. */
async function fromPage(pageUrl: string): Promise<{ bus: string; gateway: string }> {
  const tab = await lab.browser.context.newPage();
  try {
    await tab.goto(pageUrl);
    const open = (url: string, protocol: string | null): Promise<string> =>
      tab.evaluate(
        ([url, protocol]) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(url, protocol === null ? [] : [protocol]);
            socket.onopen = () => {
              socket.close();
              resolve('open');
            };
            socket.onclose = (event) => resolve(`closed ${event.code}`);
          }),
        [url, protocol] as const,
      );
    return { bus: await open(lab.stack.bus.server.wsUrl, null), gateway: await open(lab.stack.janus.url, 'janus-protocol') };
  } finally {
    await tab.close();
  }
}

test("only the shell's page may open the bus and the gateway WebSockets", async () => {
  const { stack } = lab;
  const shellOrigin = new URL(stack.softphone.shellUrl).origin;
  const dialpadOrigin = stack.softphone.widgetOrigins.get('dialpad')!;
  expect(await fromPage(stack.softphone.shellUrl)).toEqual({ bus: 'open', gateway: 'open' });
  // The Salesforce page that frames the shell, and a widget's own origin (its 404 page is a page).
  expect(await fromPage(stack.simulator.adminUrl)).toEqual({ bus: 'closed 1006', gateway: 'closed 1006' });
  expect(await fromPage(`${dialpadOrigin}/`)).toEqual({ bus: 'closed 1006', gateway: 'closed 1006' });
  // Refused for their origin, by the servers themselves: not a TLS or network failure.
  const busLog = await readFile(stack.bus.server.nodes[0]!.logFile, 'utf8');
  expect(busLog.match(/websocket handshake error: origin not allowed/g)).toHaveLength(2);
  const guardLog = await readFile(stack.janus.guardLogFile, 'utf8');
  for (const origin of [stack.simulator.origin, dialpadOrigin]) expect(guardLog).toContain(`(origin "${origin}"): origin not allowed`);
  expect(guardLog).not.toContain(`(origin "${shellOrigin}"): origin not allowed`);
});

test('Node clients: another Origin is refused by both; no Origin is accepted by the bus (the store) and refused by the guard', async () => {
  const { stack } = lab;
  const { caPem } = stack.tls;
  const shellOrigin = new URL(stack.softphone.shellUrl).origin;
  const bus = (origin?: string) => webSocketAttempt(stack.bus.server.wsUrl, { ca: caPem, ...(origin ? { origin } : {}) });
  const gateway = (origin?: string) => webSocketAttempt(stack.janus.url, { ca: caPem, protocol: 'janus-protocol', ...(origin ? { origin } : {}) });
  expect([await bus(stack.simulator.origin), await bus(), await bus(shellOrigin)]).toEqual(['refused 403', 'open', 'open']);
  expect([await gateway(stack.simulator.origin), await gateway(), await gateway(shellOrigin)]).toEqual(['refused 403', 'refused 403', 'open']);
  // The bus store is one such client: connected over the WebSocket, with no Origin header.
  const connz = (await (await fetch(`${stack.bus.server.nodes[0]!.monitorUrl}/connz`)).json()) as { connections: { name?: string; type?: string }[] };
  expect(connz.connections).toContainEqual(expect.objectContaining({ name: 'patchbay-bus-store', type: 'websocket' }));
});
