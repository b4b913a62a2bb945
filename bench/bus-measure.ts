/**
 * The bus measurements shared by the Node and the Chromium benches (this module runs in both, so it
 * imports only the contract and the Bus type): round trips widget → phone → widget, and one-way rate.
 */
import { encode, subjects, type AgentId } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import type { Bus } from '@patchbay/bus';
import { describeMs, percentile, perSecond } from './stats.js';

export interface BusFigures {
  /** Round-trip times after warm-up, ms, in the order measured. */
  readonly roundTripsMs: number[];
  /** Validated publishes delivered per second, one way. */
  readonly messagesPerSecond: number;
  readonly throughputMessages: number;
}

export interface BusMeasureOptions {
  roundTrips: number;
  warmUp: number;
  throughputMessages: number;
}

export const BUS_MEASURE_DEFAULTS: BusMeasureOptions = { roundTrips: 2000, warmUp: 200, throughputMessages: 20_000 };

/** A publish both ways that returns once the server confirmed it: the subscriptions before it are live. */
async function subscriptionsLive(agent: AgentId, ...buses: Bus[]): Promise<void> {
  for (const bus of buses) await bus.publish(subjects.widgetHealth(agent), EXAMPLES['state.health'].minimal);
}

/** The round trip measured: the widget's DTMF command, and the phone's call-state snapshot in answer. */
const command = (agent: AgentId) => ({ subject: subjects.dtmf(agent), payload: { callId: 'call-bench', digits: '5' } });
const snapshot = (agent: AgentId, seq: number) => ({ subject: subjects.callState(agent), payload: { ...EXAMPLES['state.call'].full, seq } });

/** The widget sends a DTMF command; the phone answers with a call-state snapshot, as the shell's phone does. */
async function roundTrips(agent: AgentId, widget: Bus, phone: Bus, options: BusMeasureOptions): Promise<number[]> {
  let seq = 0;
  const stopPhone = phone.subscribe(subjects.dtmf(agent), () => {
    const { subject, payload } = snapshot(agent, ++seq);
    void phone.publish(subject, payload);
  });
  let arrived: (() => void) | null = null;
  const stopWidget = widget.subscribe(subjects.callState(agent), () => arrived?.());
  await subscriptionsLive(agent, phone, widget);
  const cmd = command(agent);
  const times: number[] = [];
  try {
    for (let i = 0; i < options.warmUp + options.roundTrips; i++) {
      const back = new Promise<void>((resolve) => (arrived = resolve));
      const start = performance.now();
      void widget.publish(cmd.subject, cmd.payload);
      await back;
      if (i >= options.warmUp) times.push(performance.now() - start);
    }
  } finally {
    stopPhone();
    stopWidget();
  }
  return times;
}

async function throughput(agent: AgentId, widget: Bus, phone: Bus, messages: number): Promise<number> {
  let received = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const stop = phone.subscribe(subjects.hangup(agent), () => {
    if (++received === messages) done();
  });
  await subscriptionsLive(agent, phone);
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < messages; i++) sends.push(widget.publish(subjects.hangup(agent), { callId: `call-${i}` }));
  try {
    await Promise.all([all, ...sends]);
  } finally {
    stop();
  }
  return perSecond(messages, performance.now() - start);
}

/** Round trips then one-way rate between `widget` and `phone` (the same Bus for one shared connection). */
export async function measureBus(agent: AgentId, widget: Bus, phone: Bus, options = BUS_MEASURE_DEFAULTS): Promise<BusFigures> {
  const roundTripsMs = await roundTrips(agent, widget, phone, options);
  const messagesPerSecond = await throughput(agent, widget, phone, options.throughputMessages);
  return { roundTripsMs, messagesPerSecond, throughputMessages: options.throughputMessages };
}

/** The floors of one run, to read the bus figures against. */
export interface Floors {
  /** Bare WebSocket PING → PONG, ms: one trip to nats-server and back. */
  readonly pingMs: readonly number[];
  /** The same widget → phone → widget exchange over a bare WebSocket, ms: two trips. */
  readonly exchangeMs: readonly number[];
}

const times = (value: number): string => `${value.toFixed(1)}×`;

/**
 * One printed line per measured pairing, each percentile beside the PING floor's (issue 14's aim:
 * within 2× of it at p50 and p99) and the bare exchange's.
 */
export function describeBusFigures(where: string, figures: BusFigures, floors: Floors): string {
  const { roundTripsMs, messagesPerSecond, throughputMessages } = figures;
  const against = [50, 99]
    .map((p) => {
      const value = percentile(roundTripsMs, p);
      return `p${p} ${value.toFixed(3)} ms = ${times(value / percentile(floors.pingMs, p))} PING floor, ${times(value / percentile(floors.exchangeMs, p))} bare exchange`;
    })
    .join('; ');
  return (
    `${where}: ${against}, max ${percentile(roundTripsMs, 100).toFixed(3)} ms over ${roundTripsMs.length} round trips (aim: ≤ 2× PING floor at p50 and p99); ` +
    `${Math.round(messagesPerSecond).toLocaleString('en')} msg/s one way (${throughputMessages} validated publishes)`
  );
}

/** The bare transport's lines, to read the bus figures against. */
export function describeFloors(where: string, floors: Floors): string[] {
  return [
    `${where}, bare WebSocket PING → PONG, no client library (the floor): ${describeMs(floors.pingMs, [50, 99])} over ${floors.pingMs.length}`,
    `${where}, bare WebSocket, the same round trip (PUB → MSG → PUB → MSG, pre-encoded, no client library): ${describeMs(floors.exchangeMs, [50, 99])} over ${floors.exchangeMs.length}`,
  ];
}

/** A bare NATS connection on the global WebSocket (the browser's, or ws in Node), as the floors use it. */
async function bareConnection(wsUrl: string, jwt: string, subscriptions: readonly string[]) {
  const socket = new WebSocket(wsUrl);
  socket.binaryType = 'arraybuffer';
  const text = new TextDecoder();
  let onFrame: (frame: string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
    const frame = typeof event.data === 'string' ? event.data : text.decode(event.data);
    if (frame.startsWith('-ERR')) fail(new Error(`nats-server refused the raw connection: ${frame.trim()}`));
    else onFrame(frame);
  };
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error(`WebSocket to ${wsUrl} failed`));
  });
  const subs = subscriptions.map((subject, i) => `SUB ${subject} ${i + 1}\r\n`).join('');
  socket.send(`CONNECT ${JSON.stringify({ jwt, verbose: false, pedantic: false, protocol: 1 })}\r\n${subs}`);
  const send = (frame: string | Uint8Array): void => socket.send(frame);
  return {
    /** Sends `first`, then hands each frame received to `step` until it says the exchange is done. */
    exchange: (first: string | Uint8Array, step: (frame: string, reply: typeof send) => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        fail = reject;
        onFrame = (frame) => {
          if (step(frame, send)) resolve();
        };
        send(first);
      }),
    close: () => socket.close(),
  };
}

async function timed(count: number, warmUp: number, once: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warmUp + count; i++) {
    const start = performance.now();
    await once();
    if (i >= warmUp) out.push(performance.now() - start);
  }
  return out;
}

/** A PUB of pre-encoded bytes: no validation, no client library. */
function pubFrame(subject: string, payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`PUB ${subject} ${payload.byteLength}\r\n`);
  const frame = new Uint8Array(head.byteLength + payload.byteLength + 2);
  frame.set(head);
  frame.set(payload, head.byteLength);
  frame.set([13, 10], head.byteLength + payload.byteLength);
  return frame;
}

/**
 * The transport's floors, without any client library or the bus, `count` times after `warmUp`:
 * PING → PONG on a bare WebSocket to the same nats-server, then the bus's round trip (the command
 * out, the phone's snapshot back) made by hand on one bare WebSocket with pre-encoded messages.
 */
export async function measureFloors(wsUrl: string, jwt: string, agent: AgentId, count: number, warmUp: number): Promise<Floors> {
  const cmd = command(agent);
  const snap = snapshot(agent, 1);
  const bare = await bareConnection(wsUrl, jwt, [cmd.subject, snap.subject]);
  try {
    const pingMs = await timed(count, warmUp, () => bare.exchange('PING\r\n', (frame) => frame.includes('PONG')));
    const out = pubFrame(cmd.subject, encode(cmd.subject, cmd.payload));
    const back = pubFrame(snap.subject, encode(snap.subject, snap.payload));
    const exchangeMs = await timed(count, warmUp, () =>
      bare.exchange(out, (frame, reply) => {
        if (frame.includes(`MSG ${cmd.subject} `)) reply(back);
        return frame.includes(`MSG ${snap.subject} `);
      }),
    );
    return { pingMs, exchangeMs };
  } finally {
    bare.close();
  }
}
