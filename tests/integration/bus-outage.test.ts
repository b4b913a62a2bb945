import { afterAll, beforeAll, expect, test } from 'vitest';
import { BusBinding, BusClosedError, followCallState, OutboxFullError, PublishTimeoutError, type BusStatus } from '@patchbay/bus';
import { agentId, subjects, type CallSnapshot, type DialCommand } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { agentPermissions } from '@patchbay/bus/permissions';
import { mintUser } from '@patchbay/credentials';
import { startBusLab, startTcpProxy, type BusLab } from '@patchbay/devservers';

const alice = agentId('alice');
let lab: BusLab;
const quiet = { warn: () => undefined };

beforeAll(async () => {
  lab = await startBusLab();
});
afterAll(async () => lab?.stop());

/** SIGTERM: a clean restart. SIGKILL: a crash (JetStream recovers its store from disk). */
test.each(['SIGTERM', 'SIGKILL'] as const)('nats-server down (%s) and back mid-session: clients reconnect, nothing is silently lost', async (signal) => {
  // The shell's one connection (phone + widgets share it in the page), a second tab, a teammate.
  const page = await lab.connect('alice', { logger: quiet, backoff: { initialMs: 50, maxMs: 500, jitter: 0.5 } });
  const impatient = await lab.connect('alice', { logger: quiet, publishTimeoutMs: 300 });
  const teammate = await lab.connect('bob', { logger: quiet, backoff: { initialMs: 50, maxMs: 500, jitter: 0.5 } });
  const statuses: BusStatus[] = [];
  page.onStatus((s) => statuses.push(s));

  const dials: DialCommand[] = [];
  page.subscribe(subjects.dial(alice), (p) => dials.push(p));
  await page.presence.set({ status: 'available', displayName: 'Alice' });
  await page.history.append({ callId: `before-outage-${signal}`, direction: 'inbound', number: '5550100', startedAt: 1, durationSec: 9 });
  const seen: string[] = [];
  await teammate.presence.watch((p) => seen.push(`${p.agentId}:${p.status}`));
  await page.publish(subjects.dial(alice), { number: '1' });
  await expect.poll(() => dials.length).toBe(1);

  // Outage.
  for (const node of lab.server.nodes) if (signal === 'SIGKILL' && node.pid) process.kill(node.pid, 'SIGKILL');
  await Promise.all(lab.server.nodes.map((n) => n.stop()));
  await expect.poll(() => page.status).toBe('reconnecting');
  const duringOutage = [page.publish(subjects.dial(alice), { number: '2' }), page.publish(subjects.dial(alice), { number: '3' })];
  const settled: string[] = [];
  for (const [i, p] of duringOutage.entries()) {
    p.then(
      () => settled.push(`ok${i}`),
      () => settled.push(`failed${i}`),
    );
  }
  const tooLate = impatient.publish(subjects.dial(alice), { number: '4' });
  await expect(tooLate).rejects.toBeInstanceOf(PublishTimeoutError);
  expect(settled).toEqual([]); // still waiting, neither sent nor dropped

  // Back.
  await Promise.all(lab.server.nodes.map((n) => n.start()));
  await Promise.all(duringOutage);
  expect(page.status).toBe('connected');
  expect(statuses).toEqual(['reconnecting', 'connected']);
  // The subscription resumed by itself, and the commands made during the outage arrived in order.
  await expect.poll(() => dials.map((d) => d.number)).toEqual(['1', '2', '3']);

  // Presence and history intact; the teammate's watch follows new changes after the restart.
  expect(await page.presence.get(alice)).toMatchObject({ status: 'available' });
  expect((await page.history.recent(5)).map((e) => e.callId)).toContain(`before-outage-${signal}`);
  await page.presence.set({ status: 'away', displayName: 'Alice' });
  await expect.poll(() => seen.at(-1), { timeout: 15_000 }).toBe('alice:away');
});

test('a server that stops answering with the link still open is noticed by its missing PONGs, and the bus comes back', async () => {
  const page = await lab.connect('alice', { logger: quiet, pingIntervalMs: 200, backoff: { initialMs: 50, maxMs: 500, jitter: 0.5 } });
  const dials: DialCommand[] = [];
  page.subscribe(subjects.dial(alice), (p) => dials.push(p));
  const statuses: BusStatus[] = [];
  page.onStatus((s) => statuses.push(s));
  const pid = lab.server.nodes[0]!.pid!;
  // Frozen, not gone: the TCP connection stays open and nothing reports it lost but the PINGs.
  process.kill(pid, 'SIGSTOP');
  try {
    await expect.poll(() => page.status, { timeout: 5_000 }).toBe('reconnecting');
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await page.publish(subjects.dial(alice), { number: '7' });
  await expect.poll(() => statuses, { timeout: 15_000 }).toEqual(['reconnecting', 'connected']);
  await expect.poll(() => dials.map((d) => d.number)).toEqual(['7']);
  await page.close();
});

test('a widget in a tab whose bus was cut off while the call changed shows the call as it is once the bus is back', async () => {
  const call = (seq: number, status: CallSnapshot['status']): CallSnapshot => ({ ...EXAMPLES['state.call'].full, seq, status });
  // The phone runs in another tab, on its own connection; only the widget's tab loses the network.
  const phone = await lab.connect('alice', { logger: quiet });
  let latest = call(1, 'ringing-in');
  phone.reply(subjects.callStateQuery(alice), () => latest);
  const server = new URL(lab.server.wsUrls[0]!);
  await using proxy = await startTcpProxy(Number(server.port));
  server.port = String(proxy.port);
  // Away for at least half a second after the cut: the phone's change goes out meanwhile.
  const widget = await lab.connect('alice', { logger: quiet, servers: [server.href], backoff: { initialMs: 500, maxMs: 500, jitter: 0 } });
  const shown: string[] = [];
  const binding = new BusBinding();
  binding.bind(widget, (bus) => [followCallState(bus, binding, (snapshot) => shown.push(snapshot.status))]);
  await expect.poll(() => shown).toEqual(['ringing-in']);

  proxy.dropConnections();
  await expect.poll(() => widget.status).toBe('reconnecting');
  latest = call(2, 'connected');
  await phone.publish(subjects.callState(alice), latest);
  await expect.poll(() => widget.status).toBe('connected');
  await expect.poll(() => shown.at(-1)).toBe('connected');
  binding.unbind();
  await Promise.all([widget.close(), phone.close()]);
});

/** A JWT for alice that expired a minute ago, signed as the credentials service signs. */
const expiredJwt = async (): Promise<string> => (await mintUser(lab.trust, 'alice', agentPermissions(alice), { ttlSeconds: 1, bearer: true, now: Date.now() - 60_000 })).jwt;

test('a reconnect reads the JWT again, and one refused (an expired JWT) is retried, not given up', async () => {
  let jwt = await expiredJwt();
  const options = { logger: quiet, jwt: () => jwt, backoff: { initialMs: 50, maxMs: 200, jitter: 0.5 } };
  const refused = await lab.connect('alice', options).catch((e: unknown) => e);
  // The first connect is refused outright: wrong credentials are an error, not a wait.
  expect(String(refused)).toMatch(/Authorization Violation/i);

  jwt = await lab.jwtFor('alice');
  const page = await lab.connect('alice', options);
  jwt = await expiredJwt();
  await lab.server.restart();
  // Refused again and again while the JWT is stale (nats.ws alone would give up after two)...
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(page.status).toBe('reconnecting');
  // ...and in as soon as the renewed one is there.
  jwt = await lab.jwtFor('alice');
  await expect.poll(() => page.status).toBe('connected');
  await page.close();
});

test('nats-server closes a connection when its JWT expires, and the bus comes back with the renewed one', async () => {
  let jwt = await lab.jwtFor('alice', 2);
  const statuses: BusStatus[] = [];
  const page = await lab.connect('alice', { logger: quiet, jwt: () => jwt, backoff: { initialMs: 50, maxMs: 200, jitter: 0.5 } });
  page.onStatus((status) => statuses.push(status));
  jwt = await lab.jwtFor('alice');
  await expect.poll(() => statuses, { timeout: 10_000 }).toEqual(['reconnecting', 'connected']);
  await expect(page.publish(subjects.dial(alice), { number: '1' })).resolves.toBeUndefined();
  await page.close();
});

test('publishes waiting for the bus fail loudly when the outbox is full or the bus is closed', async () => {
  const bus = await lab.connect('alice', { logger: quiet, outboxLimit: 2 });
  await Promise.all(lab.server.nodes.map((n) => n.stop()));
  try {
    await expect.poll(() => bus.status).toBe('reconnecting');
    const waiting = [bus.publish(subjects.dial(alice), { number: '1' }), bus.publish(subjects.dial(alice), { number: '2' })];
    await expect(bus.publish(subjects.dial(alice), { number: '3' })).rejects.toBeInstanceOf(OutboxFullError);
    await bus.close();
    for (const publish of waiting) await expect(publish).rejects.toBeInstanceOf(BusClosedError);
    expect(bus.status).toBe('disconnected');
    await expect(bus.publish(subjects.dial(alice), { number: '4' })).rejects.toBeInstanceOf(BusClosedError);
  } finally {
    await Promise.all(lab.server.nodes.map((n) => n.start()));
  }
});

test('restart() brings the server back on the same ports and store', async () => {
  const bus = await lab.connect('alice', { logger: quiet, backoff: { initialMs: 50, maxMs: 500, jitter: 0.5 } });
  await bus.presence.set({ status: 'away', displayName: 'Alice' });
  const statuses: BusStatus[] = [];
  bus.onStatus((s) => statuses.push(s));
  await lab.server.restart();
  await expect.poll(() => statuses, { timeout: 10_000 }).toEqual(['reconnecting', 'connected']);
  expect(await bus.presence.get(alice)).toMatchObject({ status: 'away' });
});
