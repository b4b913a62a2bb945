/**
 * Finding: an agent could make another agent's phone dial. nats-server checks neither a push
 * consumer's deliver subject nor a request's reply subject against the caller's permissions, so
 * any JetStream API an agent could call (consumer create, direct get, pull next, even a publish
 * ack) delivered on whatever subject the agent named; and `allow_responses` let an agent's second
 * connection answer its first one's request on another agent's command subject. Here a hostile
 * agent (alice, with a raw NATS client and her own valid credentials) tries every one of those
 * paths against bob, whose real bus listens for dial commands; none may reach him.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect, headers, jwtAuthenticator, type NatsConnection } from 'nats.ws';
import { agentPermissions, inboxPrefixFor, storePermissions } from '@patchbay/bus';
import { agentId, encode, subjects } from '@patchbay/contract';
import { startBusLab, type BusLab } from '@patchbay/devservers';

const alice = agentId('alice');
const bob = agentId('bob');
const dialBob = subjects.dial(bob);
let lab: BusLab;
let attacker: NatsConnection;
let accomplice: NatsConnection;
const bobReceived: string[] = [];
const bobDials: unknown[] = [];
const violations: string[] = [];

const asAlice = async (): Promise<NatsConnection> => connect({ servers: lab.server.wsUrl, authenticator: jwtAuthenticator(await lab.jwtFor('alice')), inboxPrefix: inboxPrefixFor(alice) });

beforeAll(async () => {
  lab = await startBusLab();
  // Bob as the phone sees him: his real bus, and a raw listener on everything of his.
  const bobBus = await lab.connect('bob');
  bobBus.subscribe(dialBob, (command) => bobDials.push(command));
  const bobRaw = await connect({ servers: lab.server.wsUrl, authenticator: jwtAuthenticator(await lab.jwtFor('bob')), inboxPrefix: inboxPrefixFor(bob) });
  bobRaw.subscribe(`pb.v1.agent.bob.>`, { callback: (_error, msg) => bobReceived.push(`${msg.subject}: ${new TextDecoder().decode(msg.data).slice(0, 80)}`) });
  await bobRaw.flush();
  attacker = await asAlice();
  accomplice = await asAlice();
  for (const nc of [attacker, accomplice]) {
    void (async () => {
      for await (const status of nc.status()) if (status.permissionContext) violations.push(`${status.permissionContext.operation} ${status.permissionContext.subject}`);
    })();
  }
  // Alice's own stored bytes that look like a dial command, where she may legitimately put them.
  const alicesBus = await lab.connect('alice');
  await alicesBus.presence.set({ status: 'available', displayName: 'Alice' });
  await alicesBus.history.append({ callId: 'c1', direction: 'outbound', number: '5550100', startedAt: 1, durationSec: 1 });
});
afterAll(async () => {
  await attacker?.close();
  await accomplice?.close();
  await lab?.stop();
});

const dialPayload = (): Uint8Array => encode(dialBob, { number: '19005550199' });

/** Sends every attack, then a round trip to bob's own subject so anything delivered has arrived. */
async function attackThenSettle(send: () => void | Promise<void>): Promise<void> {
  await send();
  await attacker.flush().catch(() => undefined);
  await accomplice.flush().catch(() => undefined);
  const bobBus = await lab.connect('bob');
  await bobBus.publish(subjects.widgetHealth(bob), { widget: 'probe', version: '1.0.0', status: 'ok', at: 1 });
  await expect.poll(() => bobReceived.some((line) => line.includes('state.health'))).toBe(true);
  await bobBus.close();
}

test('no JetStream API reaches the server for an agent: consumers, direct gets, pull requests, deletes', async () => {
  const tries = [
    // A push consumer delivering alice's stored bytes on bob's dial subject.
    { subject: '$JS.API.CONSUMER.CREATE.KV_pb_v1_presence', body: { stream_name: 'KV_pb_v1_presence', config: { deliver_subject: dialBob, ack_policy: 'none' } } },
    { subject: '$JS.API.CONSUMER.CREATE.PB_V1_HISTORY', body: { stream_name: 'PB_V1_HISTORY', config: { deliver_subject: dialBob, ack_policy: 'none' } } },
    { subject: '$JS.API.CONSUMER.DURABLE.CREATE.PB_V1_HISTORY.spy', body: { stream_name: 'PB_V1_HISTORY', config: { durable_name: 'spy', deliver_subject: dialBob } } },
    // A direct get and a pull request, answered on the reply subject alice names.
    { subject: '$JS.API.DIRECT.GET.KV_pb_v1_presence.$KV.pb_v1_presence.alice', body: {}, reply: dialBob },
    { subject: '$JS.API.CONSUMER.MSG.NEXT.PB_V1_HISTORY.spy', body: { batch: 1 }, reply: dialBob },
    { subject: '$JS.API.STREAM.MSG.GET.PB_V1_HISTORY', body: { seq: 1 }, reply: dialBob },
    { subject: '$JS.API.INFO', body: {}, reply: dialBob },
    // Another agent's reader (or the store's) deleted.
    { subject: '$JS.API.CONSUMER.DELETE.PB_V1_HISTORY.spy', body: {} },
    { subject: '$JS.API.STREAM.DELETE.PB_V1_HISTORY', body: {} },
  ];
  await attackThenSettle(() => {
    for (const { subject, body, reply } of tries) attacker.publish(subject, new TextEncoder().encode(JSON.stringify(body)), reply ? { reply } : {});
  });
  for (const { subject } of tries) expect(violations, subject).toContain(`publish ${subject}`);
  expect(bobDials).toEqual([]);
  expect(bobReceived.filter((line) => !line.includes('state.health'))).toEqual([]);
});

test("alice's second connection cannot answer her own request on bob's subject", async () => {
  const echo = subjects.widgetHealth(alice);
  accomplice.subscribe(echo, { callback: (_error, msg) => msg.respond(dialPayload()) });
  await accomplice.flush();
  await attackThenSettle(() => attacker.publish(echo, new Uint8Array(), { reply: dialBob }));
  expect(violations).toContain(`publish ${dialBob}`);
  expect(bobDials).toEqual([]);
});

test("the bus store answers only on the asking agent's own inbox, and is the only publisher of presence and history", async () => {
  const dropsBefore = lab.store.counts.dropped;
  await attackThenSettle(() => {
    const ask = (subject: string, payload: Uint8Array): void => attacker.publish(subject, payload, { reply: dialBob, headers: headers() });
    ask(subjects.presenceList(alice), encode(subjects.presenceList(alice), {}));
    ask(subjects.historyRecent(alice), encode(subjects.historyRecent(alice), { limit: 5 }));
    ask(subjects.historyAppend(alice), encode(subjects.historyAppend(alice), { callId: 'c2', direction: 'inbound', number: '1', startedAt: 1, durationSec: 0 }));
    ask(subjects.presenceSet(alice), encode(subjects.presenceSet(alice), { agentId: 'alice', status: 'busy', since: 1, displayName: 'A' }));
    // Announcing presence or history without the store.
    attacker.publish(subjects.presence(alice), encode(subjects.presence(alice), { agentId: 'alice', status: 'busy', since: 1, displayName: 'A' }));
    attacker.publish(subjects.history(alice), encode(subjects.history(alice), { callId: 'x', direction: 'inbound', number: '1', startedAt: 1, durationSec: 0 }));
  });
  await expect.poll(() => lab.store.counts.dropped - dropsBefore).toBe(4);
  expect(violations).toContain(`publish ${subjects.presence(alice)}`);
  expect(violations).toContain(`publish ${subjects.history(alice)}`);
  expect(bobDials).toEqual([]);
  expect(bobReceived.filter((line) => !line.includes('state.health'))).toEqual([]);
});

test('no permission an agent holds names JetStream, another agent, or a wildcard over agents it may publish to', () => {
  const own = agentPermissions(alice);
  for (const subject of own.publish) expect(subject.startsWith('pb.v1.agent.alice.') || subject.startsWith('_INBOX_alice.'), subject).toBe(true);
  expect(own.allowResponses).toBe(false);
  expect([...own.publish, ...own.subscribe].some((subject) => subject.startsWith('$'))).toBe(false);
  // The store may answer anyone, which is why it checks each reply subject itself (above).
  expect(storePermissions().allowResponses).toBe(true);
});
