/**
 * A ready bus lab for npm start, tests and benches: nats-server in operator mode with a trust made
 * for this run, the bus store running, and a way to mint agents' JWTs and connect their buses from
 * Node. No agent is listed in any server config: an agent is whoever holds a JWT the account's
 * signing key signed.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { connectNatsBus, type Bus, type NatsBusOptions } from '@patchbay/bus';
import { agentPermissions, storePermissions } from '@patchbay/bus/permissions';
import { startBusStore, type BusStore } from '@patchbay/bus/store';
import { createNatsTrust, mintUser, type NatsTrust } from '@patchbay/credentials';
import { agentId } from '@patchbay/contract';
import { labTls } from './lab-tls.js';
import { startNatsServer, type NatsServer } from './nats.js';

/**
 * nats.ws connects with the global WebSocket, which Node 20 lacks and which could not be told to
 * trust a CA anyway: make it `ws` trusting this run's lab CA, so the bus store, tests
 * and benches reach the bus over wss as pages do, with the certificate checked.
 */
export async function useNodeWebSocket(): Promise<void> {
  const { caPem } = await labTls();
  class LabWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: WebSocket.ClientOptions) {
      super(address, protocols, { ca: caPem, ...options });
    }
  }
  Object.assign(globalThis, { WebSocket: LabWebSocket });
}

/** A secret for this run only: 192 random bits, never derived from a name. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** An agent JWT lasts this long unless a test asks otherwise (the credentials service's own default). */
const AGENT_JWT_SECONDS = 600;

export interface BusLab {
  readonly server: NatsServer;
  readonly store: BusStore;
  /** The operator, accounts and signing key of this run (what the credentials service holds). */
  readonly trust: NatsTrust;
  /** A fresh user JWT for `agent`, as the credentials service would mint it. */
  jwtFor(agent: string, ttlSeconds?: number): Promise<string>;
  /** Connects `agent` with a fresh JWT to every node. */
  connect(agent: string, options?: Partial<NatsBusOptions>): Promise<Bus>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface BusLabOptions {
  /** Nodes of a cluster; one standalone node by default. */
  cluster?: number;
  /** Origins whose pages may open the bus WebSocket (the shell's); none by default. */
  pageOrigins?: readonly string[];
}

export async function startBusLab(options: BusLabOptions = {}): Promise<BusLab> {
  await useNodeWebSocket();
  const trust = await createNatsTrust();
  const server = await startNatsServer({
    trust,
    tls: await labTls(),
    ...(options.pageOrigins ? { pageOrigins: options.pageOrigins } : {}),
    ...(options.cluster ? { cluster: options.cluster } : {}),
  });
  let store: BusStore;
  try {
    const storeUser = await mintUser(trust, 'pb-store', storePermissions(), { bearer: false });
    store = await startBusStore({
      servers: server.wsUrls,
      jwt: storeUser.jwt,
      seed: storeUser.seed!,
      replicas: options.cluster ? Math.min(3, options.cluster) : 1,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const jwtFor = async (agent: string, ttlSeconds = AGENT_JWT_SECONDS): Promise<string> => (await mintUser(trust, agent, agentPermissions(agentId(agent)), { ttlSeconds, bearer: true })).jwt;
  const buses: Bus[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(buses.map((b) => b.close()));
    await store.stop();
    await server.stop();
  };
  return {
    server,
    store,
    trust,
    jwtFor,
    async connect(agent, extra = {}) {
      const bus = await connectNatsBus({ servers: server.wsUrls, agentId: agentId(agent), jwt: await jwtFor(agent), ...extra });
      buses.push(bus);
      return bus;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
