import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NoResponderError, PermissionDeniedError, openBus, type Bus, type BusError, type BusLogger } from '@patchbay/bus';
import { MESSAGE_KINDS, agentId, encode, subjects, type MessageKind, type Subject } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { rawNatsPublish, startBusLab, type BusLab } from '@patchbay/devservers';

const alice = agentId('alice');
const bob = agentId('bob');
let lab: BusLab;

const recorder = (): BusLogger & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, warn: (m) => lines.push(m) };
};

beforeAll(async () => {
  lab = await startBusLab();
});
afterAll(async () => lab?.stop());

/** What agents publish to each other (presence and history are the bus store's, tested below). */
const coreKinds = (Object.keys(MESSAGE_KINDS) as MessageKind[]).filter((k) => k !== 'presence' && k !== 'history' && !k.startsWith('store.'));
const subjectOf = (kind: MessageKind): Subject<unknown> => `pb.v1.agent.alice.${kind}` as Subject<unknown>;

describe('typed messages over nats-server WebSocket', () => {
  test('every command and state message arrives typed and intact', async () => {
    const phone = await lab.connect('alice');
    const widget = await lab.connect('alice');
    const received = new Map<MessageKind, unknown[]>();
    for (const kind of coreKinds) phone.subscribe(subjectOf(kind), (payload, meta) => received.set(meta.kind, [...(received.get(meta.kind) ?? []), payload]));
    await phone.publish(subjects.widgetHealth(alice), EXAMPLES['state.health'].minimal); // a round trip that proves the subscriptions are live
    await expect.poll(() => received.get('state.health')?.length).toBe(1);
    for (const kind of coreKinds) {
      await widget.publish(subjectOf(kind), EXAMPLES[kind].full);
      await widget.publish(subjectOf(kind), EXAMPLES[kind].minimal);
    }
    await expect.poll(() => coreKinds.every((k) => (received.get(k)?.length ?? 0) >= 2)).toBe(true);
    for (const kind of coreKinds) {
      const expected = kind === 'state.health' ? [EXAMPLES[kind].minimal] : [];
      expect(received.get(kind), kind).toEqual([...expected, EXAMPLES[kind].full, EXAMPLES[kind].minimal]);
    }
    await Promise.all([phone.close(), widget.close()]);
  });

  test('request/reply: a widget that loads late gets the latest call snapshot', async () => {
    const phone = await lab.connect('alice');
    // The shell's entry point picks NATS when a bus URL is configured.
    const widget = await openBus({ agentId: alice, nats: { servers: lab.server.wsUrls, jwt: await lab.jwtFor('alice') } });
    await expect(widget.request(subjects.callStateQuery(alice), {})).rejects.toBeInstanceOf(NoResponderError);
    phone.reply(subjects.callStateQuery(alice), () => EXAMPLES['state.call'].full);
    // The phone's publish resolves after a PING/PONG, so its earlier SUB is registered by then.
    await phone.publish(subjects.widgetHealth(alice), EXAMPLES['state.health'].minimal);
    await expect(widget.request(subjects.callStateQuery(alice), {})).resolves.toEqual(EXAMPLES['state.call'].full);
    await widget.close();
  });

  test('malformed, unknown-version and oversized messages from a raw client are dropped, logged and counted', async () => {
    const logger = recorder();
    const phone = await lab.connect('alice', { logger });
    const got: unknown[] = [];
    phone.subscribe(subjects.dial(alice), (p) => got.push(p));
    await phone.publish(subjects.widgetHealth(alice), EXAMPLES['state.health'].minimal); // subscription is live
    const subject = subjects.dial(alice);
    const text = new TextEncoder();
    const { errors } = await rawNatsPublish(lab.server.clientUrls[0]!, await lab.jwtFor('alice'), [
      { subject, bytes: text.encode('{"v":1,"id":"a","at":1,"data":{"number":42}}') },
      { subject, bytes: text.encode('{"v":2,"id":"a","at":1,"data":{"number":"1"}}') },
      { subject, bytes: text.encode('not json') },
      { subject, bytes: new Uint8Array(20_000).fill(0x20) },
      { subject, bytes: encode(subject, { number: '5550100' }) },
    ]);
    expect(errors).toEqual([]);
    await expect.poll(() => got.length).toBe(1);
    expect(got).toEqual([{ number: '5550100' }]);
    expect(phone.drops.byCode).toMatchObject({ 'invalid-payload': 1, 'version-mismatch': 1, 'not-json': 1, oversized: 1 });
    expect(logger.lines.join('\n')).toMatch(/data\.number: expected phone number/);
  });
});

describe('per-agent permissions', () => {
  test("alice cannot publish on bob's subjects: the publish rejects and onError reports it", async () => {
    const a = await lab.connect('alice', { logger: recorder() });
    const b = await lab.connect('bob');
    const bobGot: unknown[] = [];
    b.subscribe(subjects.dial(bob), (p) => bobGot.push(p));
    await b.publish(subjects.widgetHealth(bob), EXAMPLES['state.health'].minimal);
    const errors: BusError[] = [];
    a.onError((e) => errors.push(e));
    const attempt = a.publish(subjects.dial(bob), { number: '5550100' });
    await expect(attempt).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(attempt).rejects.toMatchObject({ operation: 'publish', subject: 'pb.v1.agent.bob.cmd.dial' });
    expect(errors.some((e) => e instanceof PermissionDeniedError && e.subject === 'pb.v1.agent.bob.cmd.dial')).toBe(true);
    // Bob's own traffic still flows, and alice's attempt never reached him.
    await b.publish(subjects.dial(bob), { number: '1' });
    await expect.poll(() => bobGot).toEqual([{ number: '1' }]);
    // Alice's connection is still usable after the violation.
    await expect(a.publish(subjects.dial(alice), { number: '2' })).resolves.toBeUndefined();
  });

  test("alice cannot read bob's subjects: the subscription is refused and reported", async () => {
    const a = await lab.connect('alice', { logger: recorder() });
    const errors: BusError[] = [];
    a.onError((e) => errors.push(e));
    const spied: unknown[] = [];
    a.subscribe(subjects.callState(bob), (p) => spied.push(p));
    await expect
      .poll(() => errors.find((e) => e instanceof PermissionDeniedError))
      .toMatchObject({
        operation: 'subscription',
        subject: 'pb.v1.agent.bob.state.call',
      });
    const b = await lab.connect('bob');
    await b.publish(subjects.callState(bob), EXAMPLES['state.call'].full);
    await a.publish(subjects.dial(alice), { number: '3' }); // a round trip after bob's publish
    expect(spied).toEqual([]);
    expect(errors.filter((e) => e instanceof PermissionDeniedError)).toHaveLength(1); // reported once
  });

  test("alice cannot write bob's presence or read bob's history, even with a raw client", async () => {
    const { errors } = await rawNatsPublish(lab.server.clientUrls[0]!, await lab.jwtFor('alice'), [
      { subject: '$KV.pb_v1_presence.bob', bytes: encode(subjects.presence(bob), { ...EXAMPLES.presence.full, agentId: 'bob' }) },
      { subject: '$JS.API.CONSUMER.CREATE.PB_V1_HISTORY.spy.pb.v1.agent.bob.history', bytes: new TextEncoder().encode('{}') },
      { subject: '_INBOX_bob.x', bytes: new Uint8Array() },
    ]);
    expect(errors).toEqual([
      `-ERR 'Permissions Violation for Publish to "$KV.pb_v1_presence.bob"'`,
      `-ERR 'Permissions Violation for Publish to "$JS.API.CONSUMER.CREATE.PB_V1_HISTORY.spy.pb.v1.agent.bob.history"'`,
      `-ERR 'Permissions Violation for Publish to "_INBOX_bob.x"'`,
    ]);
  });
});

describe('presence and history through the bus store', () => {
  test('presence survives a reload and teammates see changes live', async () => {
    const a = await lab.connect('alice');
    const b = await lab.connect('bob');
    await a.presence.set({ status: 'available', displayName: 'Alice' });
    const seen: string[] = [];
    const stop = await b.presence.watch((p) => seen.push(`${p.agentId}:${p.status}`));
    expect(seen).toContain('alice:available');
    await a.presence.set({ status: 'busy', displayName: 'Alice' });
    await expect.poll(() => seen.at(-1)).toBe('alice:busy');
    stop();
    await a.close(); // the "reload"
    const reloaded = await lab.connect('alice');
    expect(await reloaded.presence.get(alice)).toMatchObject({ agentId: 'alice', status: 'busy', displayName: 'Alice' });
  });

  test("history: appended calls are there after a reload and in a second tab; only the own agent's", async () => {
    const tab1 = await lab.connect('alice');
    await tab1.history.append({ callId: 'h1', direction: 'outbound', number: '5550100', startedAt: 1000, durationSec: 30 });
    await tab1.history.append({ callId: 'h2', direction: 'inbound', number: '5550101', startedAt: 2000, durationSec: 12 });
    await tab1.history.append({ callId: 'h1', direction: 'outbound', number: '5550100', startedAt: 1000, durationSec: 30, disposition: 'Sale' });
    const tab2 = await lab.connect('alice');
    expect((await tab2.history.recent(10)).map((e) => `${e.callId}:${e.disposition ?? ''}`)).toEqual(['h2:', 'h1:Sale']);
    expect(await tab2.history.recent(1)).toHaveLength(1);
    const other: Bus = await lab.connect('bob');
    expect(await other.history.recent(10)).toEqual([]);
  });
});
