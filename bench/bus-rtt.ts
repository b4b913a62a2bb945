/**
 * Bus round trip through nats-server's WebSocket from Node: a widget publishes a command, the phone
 * answers with a call-state snapshot, the widget receives it (widget → phone → widget), p50/p99 over
 * ROUND_TRIPS; then messages per second one way. Both on one connection (the shell's page, where
 * phone and widgets share the bus) and on two (e.g. two tabs). Figures only: never fails on time.
 */
import { pathToFileURL } from 'node:url';
import { agentId, EXAMPLES, subjects } from '@patchbay/contract';
import { startBusLab } from '@patchbay/devservers';
import type { Bus } from '@patchbay/bus';

const ROUND_TRIPS = 2000;
const WARM_UP = 200;
const THROUGHPUT_MESSAGES = 20_000;
const agent = agentId('agent-bench');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function roundTrips(widget: Bus, phone: Bus): Promise<number[]> {
  let seq = 0;
  const stopPhone = phone.subscribe(subjects.dtmf(agent), () => {
    void phone.publish(subjects.callState(agent), { ...EXAMPLES['state.call'].full, seq: ++seq });
  });
  let arrived: (() => void) | null = null;
  const stopWidget = widget.subscribe(subjects.callState(agent), () => arrived?.());
  await phone.publish(subjects.widgetHealth(agent), EXAMPLES['state.health'].minimal); // subscriptions are live
  await widget.publish(subjects.widgetHealth(agent), EXAMPLES['state.health'].minimal);
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + ROUND_TRIPS; i++) {
    const back = new Promise<void>((resolve) => (arrived = resolve));
    const start = performance.now();
    void widget.publish(subjects.dtmf(agent), { callId: 'call-bench', digits: '5' });
    await back;
    if (i >= WARM_UP) times.push(performance.now() - start);
  }
  stopPhone();
  stopWidget();
  return times.sort((a, b) => a - b);
}

async function throughput(widget: Bus, phone: Bus): Promise<number> {
  let received = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const stop = phone.subscribe(subjects.hangup(agent), () => {
    if (++received === THROUGHPUT_MESSAGES) done();
  });
  await phone.publish(subjects.widgetHealth(agent), EXAMPLES['state.health'].minimal);
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < THROUGHPUT_MESSAGES; i++) sends.push(widget.publish(subjects.hangup(agent), { callId: `call-${i}` }));
  await Promise.all([all, ...sends]);
  stop();
  return THROUGHPUT_MESSAGES / ((performance.now() - start) / 1000);
}

export async function benchBusRtt(): Promise<void> {
  const lab = await startBusLab({ agents: [agent] });
  const quiet = { warn: () => undefined };
  try {
    const page = await lab.connect(agent, { logger: quiet });
    const other = await lab.connect(agent, { logger: quiet });
    for (const [label, widget, phone] of [
      ['one connection (page)', page, page],
      ['two connections', page, other],
    ] as const) {
      const times = await roundTrips(widget, phone);
      const rate = await throughput(widget, phone);
      console.log(
        `bus rtt widget→phone→widget via nats-server WebSocket, Node, ${label}: ` +
          `p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms, ` +
          `max ${(times.at(-1) ?? NaN).toFixed(3)} ms over ${ROUND_TRIPS}; ` +
          `${Math.round(rate).toLocaleString('en')} msg/s one way (${THROUGHPUT_MESSAGES} validated publishes)`,
      );
    }
  } finally {
    await lab.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchBusRtt();
