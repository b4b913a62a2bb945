import { afterAll, beforeAll, expect, test } from 'vitest';
import { agentId, subjects } from '@patchbay/contract';
import { startBusLab, type BusLab, type NatsNode } from '@patchbay/devservers';

const alice = agentId('alice');
const quiet = { warn: () => undefined };
let lab: BusLab;

beforeAll(async () => {
  lab = await startBusLab({ cluster: 3 });
});
afterAll(async () => lab?.stop());

/** The node whose monitoring lists a connection with this name (what an operator would check). */
async function nodeOf(connectionName: string): Promise<NatsNode | undefined> {
  for (const node of lab.server.nodes.filter((n) => n.running)) {
    const connz = (await (await fetch(`${node.monitorUrl}/connz`)).json()) as { connections?: { name?: string }[] };
    if (connz.connections?.some((c) => c.name === connectionName)) return node;
  }
  return undefined;
}

test('3-node cluster: stopping the node a client is on moves it to another; messages, presence and history keep working', async () => {
  const backoff = { initialMs: 50, maxMs: 500, jitter: 0.5 };
  // The shell's page: phone and widgets share this one connection.
  const page = await lab.connect('alice', { name: 'alice-page', logger: quiet, backoff });
  // A second tab, on whichever node it lands.
  const tab = await lab.connect('alice', { name: 'alice-tab', logger: quiet, backoff });
  const numbers: string[] = [];
  const tabNumbers: string[] = [];
  page.subscribe(subjects.dial(alice), (p) => numbers.push(p.number));
  tab.subscribe(subjects.dial(alice), (p) => tabNumbers.push(p.number));
  await page.publish(subjects.dial(alice), { number: '1' });
  await expect.poll(() => numbers).toEqual(['1']);
  await page.presence.set({ status: 'available', displayName: 'Alice' });

  const before = await nodeOf('alice-page');
  expect(before).toBeDefined();
  await before!.stop();

  // Publishes made right after the loss wait for the failover and are then delivered, in order.
  await Promise.all([page.publish(subjects.dial(alice), { number: '2' }), page.publish(subjects.dial(alice), { number: '3' })]);
  expect(page.status).toBe('connected');
  const after = await nodeOf('alice-page');
  expect(after).toBeDefined();
  expect(after!.name).not.toBe(before!.name);
  await page.publish(subjects.dial(alice), { number: '4' });
  await expect.poll(() => numbers).toEqual(['1', '2', '3', '4']);

  // Across nodes too: the tab (re)connected by itself and receives what the page publishes.
  await expect.poll(() => tab.status, { timeout: 10_000 }).toBe('connected');
  await expect
    .poll(
      async () => {
        await page.publish(subjects.dial(alice), { number: '5' });
        return tabNumbers.includes('5');
      },
      { timeout: 10_000 },
    )
    .toBe(true);

  // JetStream keeps quorum on two of three nodes (replicas: 3): presence is still readable and
  // writable. Reads go to any replica (allow_direct), which may not have applied a write yet.
  await expect.poll(async () => (await page.presence.get(alice))?.status).toBe('available');
  await page.presence.set({ status: 'busy', displayName: 'Alice' });
  await expect.poll(async () => (await tab.presence.get(alice))?.status).toBe('busy');
  // And the call history stream (replicas: 3) still takes appends and serves reads.
  await page.history.append({ callId: 'after-failover', direction: 'outbound', number: '5550100', startedAt: 5, durationSec: 1 });
  await expect.poll(async () => (await tab.history.recent(5)).map((e) => e.callId)).toEqual(['after-failover']);
});
