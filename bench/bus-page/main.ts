/**
 * The Chromium side of bench/bus-rtt-browser.ts: connects a "phone" and a "widget" bus to
 * nats-server's WebSocket from the page and measures between them with the same code as Node.
 */
import { connectNatsBus, type Bus } from '@patchbay/bus';
import { agentId } from '@patchbay/contract';
import { BUS_MEASURE_DEFAULTS, measureBus, measureFloors, type BusFigures, type Floors } from '../bus-measure.js';

export interface BusPageConfig {
  wsUrl: string;
  agent: string;
  /** The agent's bearer user JWT. */
  jwt: string;
}

export interface BusPageResult {
  /** Cross-origin isolation gives performance.now() 5 µs steps instead of 100 µs. */
  crossOriginIsolated: boolean;
  /** What the browser's transport costs without any client library. */
  floors: Floors;
  runs: { label: string; figures: BusFigures }[];
}

declare global {
  interface Window {
    busBench: { run(config: BusPageConfig): Promise<BusPageResult> };
  }
}

async function run(config: BusPageConfig): Promise<BusPageResult> {
  const agent = agentId(config.agent);
  const { roundTrips, warmUp } = BUS_MEASURE_DEFAULTS;
  const floors = await measureFloors(config.wsUrl, config.jwt, agent, roundTrips, warmUp);
  const connect = (name: string): Promise<Bus> => connectNatsBus({ servers: config.wsUrl, agentId: agent, jwt: config.jwt, name, logger: { warn: () => undefined } });
  const phone = await connect('bench-phone');
  const widget = await connect('bench-widget');
  try {
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated,
      floors,
      runs: [
        // The shell's page: phone and widgets share the one bus singleton.
        { label: 'one connection (page)', figures: await measureBus(agent, phone, phone) },
        { label: 'two connections (phone bus, widget bus)', figures: await measureBus(agent, widget, phone) },
      ],
    };
  } finally {
    await Promise.all([widget.close(), phone.close()]);
  }
}

window.busBench = { run };
