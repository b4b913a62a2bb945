/**
 * A ready bus lab for tests and benches: nats-server with a provisioner and one user per agent,
 * JetStream storage provisioned, and a way to connect each agent's Bus from Node.
 */
import WebSocket from 'ws';
import { connectNatsBus, provisionBusStorage, type Bus, type NatsBusOptions } from '@patchbay/bus';
import { agentId } from '@patchbay/contract';
import { startNatsServer, type NatsServer } from './nats.js';
import { agentUser, type NatsUser } from './nats-users.js';

/** Node 20 has no global WebSocket; nats.ws needs one when it connects (see LAB.md). */
export function useNodeWebSocket(): void {
  if (!('WebSocket' in globalThis)) Object.assign(globalThis, { WebSocket });
}

export const PROVISIONER: NatsUser = { user: 'provisioner', password: 'provisioner-secret' };

export interface BusLab {
  readonly server: NatsServer;
  /** Connects `agent` with its own credentials to every node. */
  connect(agent: string, options?: Partial<NatsBusOptions>): Promise<Bus>;
  /** The password the lab gave `agent`. */
  passwordOf(agent: string): string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startBusLab(options: { agents: string[]; cluster?: number }): Promise<BusLab> {
  useNodeWebSocket();
  const passwordOf = (agent: string): string => `pw-${agent}`;
  const users = [PROVISIONER, ...options.agents.map((a) => agentUser(a, passwordOf(a)))];
  const server = await startNatsServer({ users, ...(options.cluster ? { cluster: options.cluster } : {}) });
  const buses: Bus[] = [];
  try {
    await provisionBusStorage({
      servers: server.wsUrls,
      user: PROVISIONER.user,
      pass: PROVISIONER.password,
      replicas: options.cluster ? Math.min(3, options.cluster) : 1,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await Promise.all(buses.map((b) => b.close()));
    await server.stop();
  };
  return {
    server,
    passwordOf,
    async connect(agent, extra = {}) {
      const bus = await connectNatsBus({
        servers: server.wsUrls,
        agentId: agentId(agent),
        user: agent,
        pass: passwordOf(agent),
        ...extra,
      });
      buses.push(bus);
      return bus;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
