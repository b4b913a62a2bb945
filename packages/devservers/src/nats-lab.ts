/**
 * A ready bus lab for npm start, tests and benches: nats-server with a user per agent and one for
 * the bus store, the store running, and a way to connect each agent's Bus from Node. Every
 * password is drawn at random for this run and lives only in this process and the 0600 users.conf.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { connectNatsBus, type Bus, type NatsBusOptions } from '@patchbay/bus';
import { startBusStore, type BusStore } from '@patchbay/bus/store';
import { agentId } from '@patchbay/contract';
import { startNatsServer, type NatsServer } from './nats.js';
import { agentUser, storeUser } from './nats-users.js';

/** Node 20 has no global WebSocket; nats.ws needs one when it connects (see LAB.md). */
export function useNodeWebSocket(): void {
  if (!('WebSocket' in globalThis)) Object.assign(globalThis, { WebSocket });
}

/** A secret for this run only: 192 random bits, never derived from a name. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export interface BusLab {
  readonly server: NatsServer;
  readonly store: BusStore;
  /** Connects `agent` with its own credentials to every node. */
  connect(agent: string, options?: Partial<NatsBusOptions>): Promise<Bus>;
  /** The password the lab drew for `agent`. */
  passwordOf(agent: string): string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startBusLab(options: { agents: string[]; cluster?: number }): Promise<BusLab> {
  useNodeWebSocket();
  const passwords = new Map(options.agents.map((agent) => [agent, newSecret()]));
  const passwordOf = (agent: string): string => {
    const password = passwords.get(agent);
    if (!password) throw new Error(`the bus lab has no agent ${agent}`);
    return password;
  };
  const storeAccount = storeUser(newSecret());
  const users = [storeAccount, ...options.agents.map((a) => agentUser(a, passwordOf(a)))];
  const server = await startNatsServer({ users, ...(options.cluster ? { cluster: options.cluster } : {}) });
  let store: BusStore;
  try {
    store = await startBusStore({
      servers: server.wsUrls,
      user: storeAccount.user,
      pass: storeAccount.password,
      replicas: options.cluster ? Math.min(3, options.cluster) : 1,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const buses: Bus[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(buses.map((b) => b.close()));
    await store.stop();
    await server.stop();
  };
  return {
    server,
    store,
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
