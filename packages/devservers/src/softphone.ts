import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishWidget, readDeployFile, widgetOrigins } from './deploy.js';
import { widgetVersion } from './repo-widgets.js';
import { labTls } from './lab-tls.js';
import { freePort } from './ports.js';
import { shellContentSecurityPolicy } from './shell-csp.js';
import { jsonRoute, startStaticServer, type RouteHandler, type StaticServer } from './static-server.js';

/** The standalone shell config (see shell/src/config/shell-config.ts), less the agent. */
export interface SoftphoneConfig {
  enabledWidgets: string[];
  busUrl?: string | null;
  gatewayUrl?: string | null;
  widgetTimeoutMs?: number;
}

/** An agent the standalone shell can be opened as: `<shell>?config=agents/<id>/patchbay.json`. */
export interface SoftphoneAgent {
  id: string;
  displayName: string;
  /** Mints the agent's bus JWT, freshly for each fetch, as the credentials service would. */
  busJwt?: () => Promise<string>;
  /** The agent's SIP account at the registrar (username is the SIP URI, authUser the credential's username). */
  sip?: { username: string; authUser: string; password: string; proxy?: string };
  /** A Janus token for the SIP plugin. */
  gatewayToken?: string;
}

export interface SoftphoneOptions {
  /** The build output: dist/shell and dist/remotes/<id>/<version>. */
  distDir: string;
  /** Where the deploy manifest lives (a temp file in tests). */
  deployFile: string;
  widgets: readonly string[];
  config: SoftphoneConfig;
  /** The first is the one `/patchbay.json` opens as. */
  agents: readonly SoftphoneAgent[];
  /** Fixed ports for `npm start`; tests leave them out and get free ones. */
  shellPort?: number;
  widgetPorts?: Partial<Record<string, number>>;
  /**
   * Origins the shell may load Open CTI from besides Salesforce's (the simulator's): served as the
   * shell's deployment.json, and allowed by the page's Content-Security-Policy.
   */
  openCtiOrigins?: readonly string[];
  onRequest?: (origin: string, path: string) => void;
}

export interface RunningSoftphone {
  /** The shell page, standalone (outside Salesforce), as the first agent. */
  readonly shellUrl: string;
  /** The shell page as `agent`. */
  shellUrlFor(agent: string): string;
  readonly shell: StaticServer;
  readonly widgetOrigins: ReadonlyMap<string, string>;
  /** Changes what /patchbay.json answers from now on. */
  updateConfig(change: Partial<SoftphoneConfig>): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Whether the lab serves `agent` credentials at all (only a standalone page with servers needs them). */
function hasCredentials(agent: SoftphoneAgent): boolean {
  return agent.busJwt !== undefined || agent.sip !== undefined || agent.gatewayToken !== undefined;
}

function agentConfig(agent: SoftphoneAgent, config: SoftphoneConfig, base: string): Record<string, unknown> {
  return {
    ...config,
    agentId: agent.id,
    displayName: agent.displayName,
    widgetManifestUrl: '/deploy/widgets.json',
    ...(hasCredentials(agent) ? { credentialsUrl: `${base}/credentials.json` } : {}),
  };
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The agent's config and, for an agent given credentials, the credentials in the Apex class's
 * answer shape. Development only: a route on the shell's origin is one any code in the page could
 * fetch, so a deployed shell gets credentials from Salesforce (Apex) and never from here.
 */
function agentRoutes(agent: SoftphoneAgent, config: () => SoftphoneConfig): [string, RouteHandler][] {
  const base = `/agents/${agent.id}`;
  const configRoute: [string, RouteHandler] = [`${base}/patchbay.json`, jsonRoute(() => agentConfig(agent, config(), base))];
  if (!hasCredentials(agent)) return [configRoute];
  return [
    configRoute,
    [
      `${base}/credentials.json`,
      async (_request, response) => {
        const credentials = {
          agentId: agent.id,
          bus: { jwt: (await agent.busJwt?.()) ?? 'in-page', expiresAt: Date.now() + DAY_MS },
          gateway: { token: agent.gatewayToken ?? 'none', expiresAt: Date.now() + DAY_MS },
          sip: { username: `sip:${agent.id}@lab.invalid`, authUser: agent.id, password: 'none', ...agent.sip, expiresAt: Date.now() + DAY_MS },
        };
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify(credentials));
      },
    ],
  ];
}

/**
 * The shell's page with its Content-Security-Policy, computed from the deploy manifest as it is at
 * each request: a widget published from a new origin needs no restart of this server.
 */
function shellPage(distDir: string, deployFile: string, openCtiOrigins: readonly string[]): RouteHandler {
  return async (_request, response) => {
    const policy = shellContentSecurityPolicy({ widgetOrigins: widgetOrigins(await readDeployFile(deployFile)), openCtiOrigins });
    const page = await readFile(join(distDir, 'shell/index.html'));
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': policy });
    response.end(page);
  };
}

/**
 * Serves each widget from its own origin, as its own team would deploy it, publishes the built
 * versions into the deploy manifest, and serves the shell with its config, all over https with the
 * run's lab certificate. `npm start` and the
 * end-to-end tests run this same code.
 */
export async function startSoftphone(options: SoftphoneOptions & { repoRoot: string }): Promise<RunningSoftphone> {
  const servers: StaticServer[] = [];
  const widgetOrigins = new Map<string, string>();
  const tls = await labTls();
  try {
    for (const id of options.widgets) {
      const server = await startStaticServer({
        root: join(options.distDir, 'remotes', id),
        port: options.widgetPorts?.[id] ?? (await freePort()),
        tls,
        cors: true,
        onRequest: (path) => options.onRequest?.(server.origin, path),
      });
      servers.push(server);
      widgetOrigins.set(id, server.origin);
      const version = widgetVersion(join(options.repoRoot, 'remotes', id));
      await publishWidget(options.deployFile, {
        id,
        version,
        origin: server.origin,
        builtDir: join(options.distDir, 'remotes', id, version),
      });
    }
    let config: SoftphoneConfig = { ...options.config };
    const openCtiOrigins = options.openCtiOrigins ?? [];
    const page = shellPage(options.distDir, options.deployFile, openCtiOrigins);
    const first = options.agents[0];
    if (!first) throw new Error('startSoftphone needs at least one agent');
    const shell: StaticServer = await startStaticServer({
      root: join(options.distDir, 'shell'),
      port: options.shellPort ?? (await freePort()),
      tls,
      routes: {
        '/': page,
        '/index.html': page,
        '/deployment.json': jsonRoute(() => ({ allowedSalesforceOrigins: openCtiOrigins })),
        '/patchbay.json': jsonRoute(() => agentConfig(first, config, `/agents/${first.id}`)),
        ...Object.fromEntries(options.agents.flatMap((agent) => agentRoutes(agent, () => config))),
        '/deploy/widgets.json': async (_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          response.end(await readFile(options.deployFile));
        },
      },
      onRequest: (path) => options.onRequest?.(shell.origin, path),
    });
    servers.push(shell);
    const close = async (): Promise<void> => {
      await Promise.all(servers.map((server) => server.close()));
    };
    return {
      shellUrl: `${shell.origin}/`,
      shellUrlFor: (agent) => `${shell.origin}/?config=${encodeURIComponent(`agents/${agent}/patchbay.json`)}`,
      shell,
      widgetOrigins,
      updateConfig: (change) => {
        config = { ...config, ...change };
      },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
}
