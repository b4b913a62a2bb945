import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { PayloadTooLargeError, connectNatsBus, openNatsAhead } from '@patchbay/bus';
import { agentPermissions } from '@patchbay/bus/permissions';
import { agentId, subjects, type DialCommand } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { createNatsTrust, mintUser, type NatsTrust } from '@patchbay/credentials';
import { labTls, startNatsServer, startTcpProxy, useNodeWebSocket, type NatsServer, type TcpProxy } from '@patchbay/devservers';

// The shell opens the bus's WebSocket while the agent signs in, and connects on it once it has the
// agent's JWT: against the real nats-server, whose hello (INFO, with its max_payload) comes in
// before anyone listens, and must still reach the connection.
const alice = agentId('alice');
/** Smaller than a full call snapshot: the client refuses one only if it read the server's INFO. */
const MAX_PAYLOAD = 512;
let trust: NatsTrust;
let server: NatsServer;
let proxy: TcpProxy;
let url: string;
/** The lab's WebSocket (ws, trusting the lab's CA). */
let LabSocket: typeof WebSocket;
let opened = 0;

beforeAll(async () => {
  await useNodeWebSocket();
  trust = await createNatsTrust();
  server = await startNatsServer({ trust, tls: await labTls(), jetstream: false, maxPayload: MAX_PAYLOAD });
  const direct = new URL(server.wsUrls[0]!);
  proxy = await startTcpProxy(Number(direct.port));
  direct.port = String(proxy.port);
  url = direct.href.replace(/\/$/, '');
  LabSocket = globalThis.WebSocket;
  // Every WebSocket the client opens, counted.
  globalThis.WebSocket = class extends LabSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      opened++;
    }
  } as typeof WebSocket;
});
afterEach(() => {
  opened = 0;
});
afterAll(async () => {
  globalThis.WebSocket = LabSocket;
  await proxy?.close();
  await server?.stop();
});

/** Connects alice, dials through the bus, and checks the server's max_payload is known. */
async function connectAndUse(): Promise<void> {
  const { jwt } = await mintUser(trust, alice, agentPermissions(alice), { ttlSeconds: 600, bearer: true });
  const bus = await connectNatsBus({ servers: [url], agentId: alice, jwt, logger: { warn: () => undefined } });
  try {
    const dials: DialCommand[] = [];
    bus.subscribe(subjects.dial(alice), (dial) => dials.push(dial));
    await bus.publish(subjects.dial(alice), { number: '5550100' });
    await expect.poll(() => dials).toEqual([{ number: '5550100' }]);
    await expect(bus.publish(subjects.callState(alice), EXAMPLES['state.call'].full)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(bus.status).toBe('connected');
  } finally {
    await bus.close();
  }
}

test('connects on the WebSocket opened ahead, with the hello the server sent before anyone listened', async () => {
  openNatsAhead([url]);
  // Long enough for the server's INFO to have come in before the connection takes the socket.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await connectAndUse();
  expect(opened).toBe(1);
});

test('opens a new WebSocket when the one opened ahead was closed meanwhile', async () => {
  openNatsAhead([url]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  proxy.dropConnections();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await connectAndUse();
  expect(opened).toBe(2);
});
