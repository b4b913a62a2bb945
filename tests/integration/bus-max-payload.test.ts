import { afterAll, beforeAll, expect, test } from 'vitest';
import { PayloadTooLargeError, connectNatsBus, type Bus, type BusError } from '@patchbay/bus';
import { agentPermissions } from '@patchbay/bus/permissions';
import { agentId, encode, subjects } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { createNatsTrust, mintUser } from '@patchbay/credentials';
import { labTls, startNatsServer, useNodeWebSocket, type NatsServer } from '@patchbay/devservers';

const alice = agentId('alice');
/** Smaller than a full call snapshot, larger than a dial command. */
const MAX_PAYLOAD = 512;
let server: NatsServer;
let bus: Bus;

beforeAll(async () => {
  await useNodeWebSocket();
  const trust = await createNatsTrust();
  server = await startNatsServer({ trust, tls: await labTls(), jetstream: false, maxPayload: MAX_PAYLOAD });
  const { jwt } = await mintUser(trust, alice, agentPermissions(alice), { ttlSeconds: 600, bearer: true });
  bus = await connectNatsBus({ servers: server.wsUrls, agentId: alice, jwt, logger: { warn: () => undefined } });
});
afterAll(async () => {
  await bus?.close();
  await server?.stop();
});

test("a message above the server's max_payload is refused by the client, and the connection stays", async () => {
  const snapshot = EXAMPLES['state.call'].full;
  expect(encode(subjects.callState(alice), snapshot).byteLength).toBeGreaterThan(MAX_PAYLOAD);
  const errors: BusError[] = [];
  bus.onError((e) => errors.push(e));
  const statuses: string[] = [];
  bus.onStatus((s) => statuses.push(s));
  const dials: unknown[] = [];
  bus.subscribe(subjects.dial(alice), (p) => dials.push(p));

  const refused = bus.publish(subjects.callState(alice), snapshot);
  await expect(refused).rejects.toBeInstanceOf(PayloadTooLargeError);
  await expect(refused).rejects.toMatchObject({ subject: subjects.callState(alice), code: 'BUS-PAYLOAD-TOO-LARGE' });
  // A request too large fails at once too, not after its timeout.
  await expect(
    bus.request(subjects.historyAppend(alice), { callId: 'c1', direction: 'outbound', number: '5550100', startedAt: 1, durationSec: 1, notes: 'n'.repeat(600) }, { timeoutMs: 30_000 }),
  ).rejects.toBeInstanceOf(PayloadTooLargeError);

  // Had it been sent, nats-server would have closed the connection (Maximum Payload Violation).
  await bus.publish(subjects.dial(alice), { number: '5550100' });
  await expect.poll(() => dials).toEqual([{ number: '5550100' }]);
  expect(statuses).toEqual([]);
  expect(bus.status).toBe('connected');
  expect(errors).toEqual([]);
});
