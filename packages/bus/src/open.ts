import type { AgentId } from '@patchbay/contract';
import type { Bus, BusLogger } from './bus.js';
import { createInPageBus } from './in-page.js';
import { connectNatsBus, type NatsBusOptions } from './nats.js';

export interface OpenBusOptions {
  agentId: AgentId;
  /** From the call center settings; absent or without servers: the in-page bus. */
  nats?: Omit<NatsBusOptions, 'agentId' | 'logger'> | null;
  logger?: BusLogger;
}

/**
 * The shell's one entry: NATS when a bus URL is configured, otherwise the in-page bus, so a widget
 * can be developed alone with the same code.
 */
export async function openBus(options: OpenBusOptions): Promise<Bus> {
  const { agentId, nats, logger } = options;
  const extra = logger ? { logger } : {};
  if (nats && [nats.servers].flat().length > 0) return connectNatsBus({ ...nats, agentId, ...extra });
  return createInPageBus({ agentId, ...extra });
}
