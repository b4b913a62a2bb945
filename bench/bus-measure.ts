/**
 * The bus measurements shared by the Node and the Chromium benches (this module runs in both, so it
 * imports only the contract and the Bus type): round trips widget → phone → widget, and one-way rate.
 */
import { subjects, type AgentId } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import type { Bus } from '@patchbay/bus';
import { describeMs, perSecond } from './stats.js';

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

/** The widget sends a DTMF command; the phone answers with a call-state snapshot, as the shell's phone does. */
async function roundTrips(agent: AgentId, widget: Bus, phone: Bus, options: BusMeasureOptions): Promise<number[]> {
  let seq = 0;
  const stopPhone = phone.subscribe(subjects.dtmf(agent), () => {
    void phone.publish(subjects.callState(agent), { ...EXAMPLES['state.call'].full, seq: ++seq });
  });
  let arrived: (() => void) | null = null;
  const stopWidget = widget.subscribe(subjects.callState(agent), () => arrived?.());
  await subscriptionsLive(agent, phone, widget);
  const times: number[] = [];
  try {
    for (let i = 0; i < options.warmUp + options.roundTrips; i++) {
      const back = new Promise<void>((resolve) => (arrived = resolve));
      const start = performance.now();
      void widget.publish(subjects.dtmf(agent), { callId: 'call-bench', digits: '5' });
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

/** One printed line per measured pairing, with the aim from issue 3 beside it. */
export function describeBusFigures(where: string, figures: BusFigures): string {
  const { roundTripsMs, messagesPerSecond, throughputMessages } = figures;
  return (
    `${where}: ${describeMs(roundTripsMs, [50, 99])} over ${roundTripsMs.length} round trips (aim: p99 ≤ 2 ms); ` +
    `${Math.round(messagesPerSecond).toLocaleString('en')} msg/s one way (${throughputMessages} validated publishes)`
  );
}

/** The bare transport's line, to read the bus figures against. */
export function describeFloor(where: string, pingsMs: readonly number[]): string {
  return `${where}, bare WebSocket PING → PONG, no client library (floor): ${describeMs(pingsMs, [50, 99])} over ${pingsMs.length}`;
}

/**
 * The transport's floor, without nats.ws or the bus: PING → PONG on a bare WebSocket to the same
 * nats-server, `count` times after `warmUp`. Uses the global WebSocket (the browser's, or ws in Node).
 */
export async function measureRawPing(wsUrl: string, jwt: string, count: number, warmUp: number): Promise<number[]> {
  const socket = new WebSocket(wsUrl);
  socket.binaryType = 'arraybuffer';
  const text = new TextDecoder();
  let pong: { resolve(): void; reject(error: Error): void } | null = null;
  socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
    const frame = typeof event.data === 'string' ? event.data : text.decode(event.data);
    if (frame.startsWith('-ERR')) pong?.reject(new Error(`nats-server refused the raw connection: ${frame.trim()}`));
    else if (frame.includes('PONG')) pong?.resolve();
  };
  const ping = (): Promise<void> =>
    new Promise((resolve, reject) => {
      pong = { resolve, reject };
      socket.send('PING\r\n');
    });
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error(`WebSocket to ${wsUrl} failed`));
  });
  try {
    socket.send(`CONNECT ${JSON.stringify({ jwt, verbose: false, pedantic: false, protocol: 1 })}\r\n`);
    const times: number[] = [];
    for (let i = 0; i < warmUp + count; i++) {
      const start = performance.now();
      await ping();
      if (i >= warmUp) times.push(performance.now() - start);
    }
    return times;
  } finally {
    socket.close();
  }
}
