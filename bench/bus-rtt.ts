/**
 * Bus round trip through nats-server's WebSocket from Node: a widget publishes a command, the phone
 * answers with a call-state snapshot, the widget receives it (widget → phone → widget), p50/p99
 * after warm-up; then messages per second one way. First the floors on a bare WebSocket: PING → PONG,
 * and the same exchange by hand. Both on one connection (the shell's page, where phone and widgets
 * share the bus) and on two (e.g. two tabs). Figures only: never fails on time.
 * Alone: node --import ./scripts/ts-register.mjs bench/bus-rtt.ts
 */
import { agentId } from '@patchbay/contract';
import { startBusLab } from '@patchbay/devservers';
import { isEntryPoint } from './alone.js';
import { BUS_MEASURE_DEFAULTS, describeBusFigures, describeFloors, measureBus, measureFloors } from './bus-measure.js';

const agent = agentId('agent-bench');

export async function benchBusRtt(): Promise<void> {
  const lab = await startBusLab();
  const quiet = { warn: () => undefined };
  try {
    const { roundTrips, warmUp } = BUS_MEASURE_DEFAULTS;
    const floors = await measureFloors(lab.server.wsUrl, await lab.jwtFor(agent), agent, roundTrips, warmUp);
    for (const line of describeFloors('Node', floors)) console.log(line);
    const page = await lab.connect(agent, { logger: quiet });
    const other = await lab.connect(agent, { logger: quiet });
    for (const [label, widget, phone] of [
      ['one connection (page)', page, page],
      ['two connections', page, other],
    ] as const) {
      console.log(describeBusFigures(`Node, ${label}`, await measureBus(agent, widget, phone), floors));
    }
  } finally {
    await lab.stop();
  }
}

if (isEntryPoint(import.meta.url)) await benchBusRtt();
