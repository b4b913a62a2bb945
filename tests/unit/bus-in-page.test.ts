import { describe, expect, test, vi } from 'vitest';
import { Backoff, BusClosedError, retrying, HandlerError, InPageHub, NoResponderError, createInPageBus, latestCalls, openBus, type BusError, type BusLogger } from '@patchbay/bus';
import { ContractError, agentId, subjects, type CallSnapshot, type DialCommand } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';

const alice = agentId('alice');
const bob = agentId('bob');
const quietLogger = (): BusLogger & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, warn: (message) => lines.push(message) };
};

describe('in-page bus', () => {
  test('typed publish/subscribe, validated both ways', async () => {
    const hub = new InPageHub();
    const bus = createInPageBus({ agentId: alice, hub, logger: quietLogger() });
    const got: DialCommand[] = [];
    bus.subscribe(subjects.dial(alice), (payload) => got.push(payload));
    await bus.publish(subjects.dial(alice), { number: '5550100' });
    expect(got).toEqual([{ number: '5550100' }]);
    await expect(bus.publish(subjects.dial(alice), { number: 'not a number' })).rejects.toThrow(ContractError);
    expect(got).toHaveLength(1);
  });

  test('a malformed message is dropped with a logged reason and counted; it never reaches the handler', async () => {
    const hub = new InPageHub();
    const logger = quietLogger();
    const bus = createInPageBus({ agentId: alice, hub, logger });
    const handler = vi.fn();
    bus.subscribe(subjects.mute(alice), handler);
    // Another (buggy) widget writes raw bytes on the same hub.
    for (const raw of hub.subscribers.get(subjects.mute(alice)) ?? []) raw(new TextEncoder().encode('{"v":1,"id":"x","at":1,"data":{"callId":"c","on":1}}'));
    expect(handler).not.toHaveBeenCalled();
    expect(bus.drops.byCode['invalid-payload']).toBe(1);
    expect(logger.lines[0]).toMatch(/dropped message on pb\.v1\.agent\.alice\.cmd\.mute \(invalid-payload\): data\.on: expected boolean/);
  });

  test('a throwing handler is reported and does not stop other handlers', async () => {
    const bus = createInPageBus({ agentId: alice, hub: new InPageHub(), logger: quietLogger() });
    const errors: BusError[] = [];
    bus.onError((e) => errors.push(e));
    const second = vi.fn();
    bus.subscribe(subjects.hangup(alice), () => {
      throw new Error('boom');
    });
    bus.subscribe(subjects.hangup(alice), second);
    await bus.publish(subjects.hangup(alice), { callId: 'c1' });
    expect(second).toHaveBeenCalledOnce();
    expect(errors[0]).toBeInstanceOf(HandlerError);
  });

  test('request/reply gives a late joiner the latest call snapshot', async () => {
    const hub = new InPageHub();
    const phone = createInPageBus({ agentId: alice, hub });
    const widget = createInPageBus({ agentId: alice, hub });
    await expect(widget.request(subjects.callStateQuery(alice), {})).rejects.toBeInstanceOf(NoResponderError);
    const latest: CallSnapshot = EXAMPLES['state.call'].full;
    phone.reply(subjects.callStateQuery(alice), () => latest);
    await expect(widget.request(subjects.callStateQuery(alice), {})).resolves.toEqual(latest);
  });

  test('presence: set own, get, and teammates watch live', async () => {
    const hub = new InPageHub();
    const a = createInPageBus({ agentId: alice, hub });
    const b = createInPageBus({ agentId: bob, hub });
    await a.presence.set({ status: 'available', displayName: 'Alice', since: 10 });
    const seen: string[] = [];
    const stop = await b.presence.watch((p) => seen.push(`${p.agentId}:${p.status}`));
    expect(seen).toEqual(['alice:available']);
    await a.presence.set({ status: 'away', displayName: 'Alice' });
    expect(seen).toEqual(['alice:available', 'alice:away']);
    expect(await b.presence.get(alice)).toMatchObject({ agentId: 'alice', status: 'away' });
    expect(await b.presence.get(bob)).toBeNull();
    stop();
    await a.presence.set({ status: 'busy', displayName: 'Alice' });
    expect(seen).toHaveLength(2);
  });

  test('history: newest first, latest entry per call, own agent only', async () => {
    const hub = new InPageHub();
    const a = createInPageBus({ agentId: alice, hub });
    const b = createInPageBus({ agentId: bob, hub });
    await a.history.append({ callId: 'c1', direction: 'outbound', number: '1', startedAt: 1, durationSec: 5 });
    await a.history.append({ callId: 'c2', direction: 'inbound', number: '2', startedAt: 2, durationSec: 6 });
    await a.history.append({ callId: 'c1', direction: 'outbound', number: '1', startedAt: 1, durationSec: 5, disposition: 'Sale' });
    expect((await a.history.recent(10)).map((e) => `${e.callId}:${e.disposition ?? ''}`)).toEqual(['c2:', 'c1:Sale']);
    expect(await a.history.recent(1)).toHaveLength(1);
    expect(await b.history.recent(10)).toEqual([]);
  });

  test('close: status disconnected, further publishes fail loudly', async () => {
    const bus = createInPageBus({ agentId: alice, hub: new InPageHub() });
    const statuses: string[] = [];
    bus.onStatus((s) => statuses.push(s));
    await bus.close();
    expect(bus.status).toBe('disconnected');
    expect(statuses).toEqual(['disconnected']);
    await expect(bus.publish(subjects.dial(alice), { number: '1' })).rejects.toBeInstanceOf(BusClosedError);
  });

  test('subscribing to a subject outside the contract throws', () => {
    const bus = createInPageBus({ agentId: alice, hub: new InPageHub() });
    expect(() => bus.subscribe('pb.v1.agent.alice.cmd.nope' as never, () => undefined)).toThrow(/unknown-subject/);
  });
});

describe('reconnect backoff', () => {
  test('grows exponentially to the cap, with jitter, and resets', () => {
    const top = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5 }, () => 0);
    expect([top.next(), top.next(), top.next(), top.next(), top.next(), top.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    top.reset();
    expect(top.next()).toBe(100);
    const low = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5 }, () => 1);
    expect(low.next()).toBe(50);
  });

  const quick = { initialMs: 1, maxMs: 4, jitter: 0 };
  const failing = (failures: number, error: Error) => {
    let calls = 0;
    const operation = async (): Promise<number> => {
      calls += 1;
      if (calls <= failures) throw error;
      return calls;
    };
    return { operation, calls: () => calls };
  };

  test('retrying tries again while the failure is retryable, telling onRetry of each', async () => {
    const transient = new Error('transient');
    const { operation } = failing(3, transient);
    const told: unknown[] = [];
    await expect(retrying(operation, { withinMs: 10_000, backoff: quick, retryable: (e) => e === transient, onRetry: (e) => told.push(e) })).resolves.toBe(4);
    expect(told).toEqual([transient, transient, transient]);
  });

  test('retrying throws a failure that is not retryable at once', async () => {
    const fatal = new Error('fatal');
    const { operation, calls } = failing(5, fatal);
    await expect(retrying(operation, { withinMs: 10_000, backoff: quick, retryable: () => false })).rejects.toBe(fatal);
    expect(calls()).toBe(1);
  });

  test('retrying starts no new attempt once withinMs has passed', async () => {
    const transient = new Error('transient');
    const { operation, calls } = failing(Number.POSITIVE_INFINITY, transient);
    await expect(retrying(operation, { withinMs: 0, backoff: quick, retryable: () => true })).rejects.toBe(transient);
    expect(calls()).toBe(1);
  });
});

test('latestCalls keeps one entry per call, newest call first', () => {
  const e = (callId: string, startedAt: number, disposition?: string) => ({
    callId,
    direction: 'inbound' as const,
    number: '1',
    startedAt,
    durationSec: 1,
    ...(disposition ? { disposition } : {}),
  });
  expect(latestCalls([e('a', 1), e('b', 3), e('a', 1, 'x'), e('c', 2)], 2)).toEqual([e('b', 3), e('c', 2)]);
  expect(latestCalls([e('a', 1), e('a', 1, 'x')], 5)).toEqual([e('a', 1, 'x')]);
});

test("latestCalls merges a call's entries field by field: a later entry without a field keeps it", () => {
  const call = { callId: 'a', direction: 'inbound' as const, number: '1', startedAt: 1, durationSec: 1 };
  const entries = [call, { ...call, notes: 'call back' }, { ...call, disposition: 'Resolved' }, { ...call, notes: '' }];
  expect(latestCalls(entries, 5)).toEqual([{ ...call, disposition: 'Resolved', notes: '' }]);
});

test('openBus falls back to the in-page bus when no bus URL is configured', async () => {
  for (const nats of [undefined, null, { servers: [], jwt: 'x' }]) {
    const bus = await openBus({ agentId: alice, ...(nats === undefined ? {} : { nats }) });
    expect(bus.status).toBe('connected');
    const got: unknown[] = [];
    bus.subscribe(subjects.hangup(alice), (p) => got.push(p));
    await bus.publish(subjects.hangup(alice), { callId: 'c9' });
    expect(got).toEqual([{ callId: 'c9' }]);
    await bus.close();
  }
});
