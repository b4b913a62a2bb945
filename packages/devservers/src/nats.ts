/**
 * Starts real nats-server processes with gateway-config/nats (one node, or a cluster from
 * cluster.conf) on free ports, renders trust.conf, and polls /healthz until ready, racing the
 * process exiting. Used by npm start, the integration tests and the bench.
 */
import { appendFile, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import type { LabTls } from './lab-tls.js';
import { ServerExitedError, requireBinary, startProcess, waitUntilReady, type ManagedProcess } from './process.js';
import { renderTrustConf, type NatsTrust } from '@patchbay/credentials';

export const NATS_CONFIG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../gateway-config/nats');

export interface NatsServerOptions {
  /** The operator and accounts the server trusts (operator mode): no user is listed anywhere. */
  trust: NatsTrust;
  /** The certificate the WebSocket listener serves wss with. */
  tls: Pick<LabTls, 'certFile' | 'keyFile'>;
  /**
   * Origins (`https://host:port`) whose pages may open the WebSocket, one per host (nats-server
   * 2.9 keeps the last it reads for a host); none by default, so no page can. Clients that send no
   * Origin (Node: the bus store, tests) are not pages and connect.
   */
  pageOrigins?: readonly string[];
  /** Default true: the bus needs JetStream for presence and history. */
  jetstream?: boolean;
  /** Number of clustered nodes (3 for the cluster example); omitted: one standalone node. */
  cluster?: number;
  /** Where configs, stores and logs go; a fresh temp folder by default. */
  dir?: string;
  /** Overrides the config's max_payload, bytes (tests of what a client does with a smaller one). */
  maxPayload?: number;
}

export interface NatsNode {
  readonly name: string;
  readonly wsUrl: string;
  readonly clientUrl: string;
  /** HTTP monitoring (/healthz, /connz, /varz, /jsz). */
  readonly monitorUrl: string;
  readonly logFile: string;
  readonly running: boolean;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** Start again with the same config, ports and store (stop() first if running). */
  start(): Promise<void>;
  /** The OS process id while running (for tests that want to crash it their own way). */
  readonly pid: number | undefined;
}

export interface NatsServer {
  readonly nodes: readonly NatsNode[];
  /** WebSocket URLs (wss) of all nodes (what browser clients get). */
  readonly wsUrls: string[];
  /** The first node's WebSocket URL. */
  readonly wsUrl: string;
  readonly clientUrls: string[];
  readonly dir: string;
  /** Stops and starts every node with the same ports and store (the outage test). */
  restart(): Promise<void>;
  /** SIGTERM to every node; removes the folder if startNatsServer made it. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface NodePorts {
  client: number;
  ws: number;
  monitor: number;
  cluster: number;
}

async function healthy(monitorPort: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${monitorPort}/healthz`, { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

export async function startNatsServer(options: NatsServerOptions): Promise<NatsServer> {
  requireBinary('nats-server');
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'patchbay-nats-')));
  // A port found free can be taken by another process before nats-server binds it (a busy CI
  // machine): that one failure is worth new ports, any other is reported at once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNodes(options, dir);
    } catch (error) {
      const portTaken = error instanceof ServerExitedError && /address already in use/i.test(error.logTail);
      if (!portTaken || attempt === 3) throw error;
    }
  }
}

async function startNodes(options: NatsServerOptions, dir: string): Promise<NatsServer> {
  const count = options.cluster ?? 1;
  const pageOrigins = options.pageOrigins ?? [];
  const clustered = options.cluster !== undefined;
  const ports: NodePorts[] = [];
  for (let i = 0; i < count; i++) {
    ports.push({ client: await freePort(), ws: await freePort(), monitor: await freePort(), cluster: await freePort() });
  }
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.cluster}`);

  const nodes = await Promise.all(
    ports.map(async (p, i) => {
      const name = `pb-nats-${i + 1}`;
      const nodeDir = join(dir, name);
      await mkdir(join(nodeDir, 'store'), { recursive: true });
      await copyFile(join(NATS_CONFIG_DIR, 'nats.conf'), join(nodeDir, 'nats.conf'));
      // A key given again later in the file wins.
      if (options.maxPayload !== undefined) await appendFile(join(nodeDir, 'nats.conf'), `\nmax_payload: ${options.maxPayload}\n`);
      if (clustered) await copyFile(join(NATS_CONFIG_DIR, 'cluster.conf'), join(nodeDir, 'cluster.conf'));
      await writeFile(join(nodeDir, 'operator.jwt'), options.trust.operatorJwt);
      await writeFile(join(nodeDir, 'trust.conf'), renderTrustConf(options.trust, join(nodeDir, 'operator.jwt')));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PB_NATS_SERVER_NAME: name,
        PB_NATS_PORT: String(p.client),
        PB_NATS_WS_PORT: String(p.ws),
        PB_NATS_TLS_CERT: options.tls.certFile,
        PB_NATS_TLS_KEY: options.tls.keyFile,
        PB_NATS_ALLOWED_ORIGINS: JSON.stringify(pageOrigins),
        PB_NATS_SAME_ORIGIN: String(pageOrigins.length === 0),
        PB_NATS_MONITOR_PORT: String(p.monitor),
        PB_NATS_JETSTREAM: String(options.jetstream ?? true),
        PB_NATS_STORE_DIR: join(nodeDir, 'store'),
        PB_NATS_CLUSTER_PORT: String(p.cluster),
        PB_NATS_ROUTE_1: routes[0] ?? '',
        PB_NATS_ROUTE_2: routes[1] ?? '',
        PB_NATS_ROUTE_3: routes[2] ?? '',
      };
      return createNode(name, nodeDir, clustered ? 'cluster.conf' : 'nats.conf', env, p);
    }),
  );
  // A JetStream cluster reports healthy only once it has a meta leader, i.e. once a quorum runs:
  // start every node first, then wait for all.
  try {
    await Promise.all(nodes.map((n) => n.start()));
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }

  const stopNodes = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  // A temp folder of our own goes with the server; a failed start keeps it for its logs.
  const stop = async (): Promise<void> => {
    await stopNodes();
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  };
  return {
    nodes,
    dir,
    wsUrls: nodes.map((n) => n.wsUrl),
    wsUrl: nodes[0]!.wsUrl,
    clientUrls: nodes.map((n) => n.clientUrl),
    restart: async () => {
      await stopNodes();
      await Promise.all(nodes.map((n) => n.start()));
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function createNode(name: string, nodeDir: string, configFile: string, env: NodeJS.ProcessEnv, ports: NodePorts): NatsNode {
  const logFile = join(nodeDir, 'nats-server.log');
  let proc: ManagedProcess | null = null;
  const isRunning = (): boolean => proc !== null && proc.child.exitCode === null && proc.child.signalCode === null;
  return {
    name,
    logFile,
    wsUrl: `wss://127.0.0.1:${ports.ws}`,
    clientUrl: `nats://127.0.0.1:${ports.client}`,
    monitorUrl: `http://127.0.0.1:${ports.monitor}`,
    get running() {
      return isRunning();
    },
    get pid() {
      return isRunning() ? proc?.child.pid : undefined;
    },
    async start() {
      if (isRunning()) return;
      proc = startProcess({ name, command: 'nats-server', args: ['-c', join(nodeDir, configFile)], cwd: nodeDir, env, logFile });
      await waitUntilReady(proc, () => healthy(ports.monitor), { logFile, timeoutMs: 30_000 });
    },
    async stop() {
      await proc?.stop();
    },
  };
}
