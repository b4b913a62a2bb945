import { SIMULATED_ORG_ID, newOrgSigning, startSimulator, type Simulator } from '@patchbay/simulator';
import { LAB_CREDENTIALS_AUDIENCE, startLabCredentials, type LabCredentials } from './credentials-lab.js';
import { labToneHz, startCustomerPhone, type CustomerPhone } from './baresip.js';
import { startJanus, type RunningJanus } from './janus.js';
import { startKamailio, type RunningKamailio } from './kamailio.js';
import { labTls, type LabTls } from './lab-tls.js';
import { startBusLab, type BusLab } from './nats-lab.js';
import { freePort } from './ports.js';
import { startSoftphone, type RunningSoftphone } from './softphone.js';

/** The simulated org's agent: a Salesforce user id, also the bus user and the SIP user. */
export const STACK_AGENT = '005000000000001AAA';
/** A second user of the simulated org's call center: an agent too, with nothing provisioned for them. */
export const STACK_COLLEAGUE = '005000000000002AAA';
/** The simulated org's host name: the lab certificate's other name for 127.0.0.1. */
const SALESFORCE_HOST = 'localhost';
/** The customer phone's number in the lab; the simulator's contact Ada Lovelace has it. */
export const DEFAULT_CUSTOMER = '4155550101';

export interface StackOptions {
  repoRoot: string;
  /** dist/ (or a test's copy of it) with the built shell and widgets. */
  distDir: string;
  deployFile: string;
  widgets: readonly string[];
  /** Numbers the lab's customer phones register as (one baresip each); the first is the default. */
  customers?: readonly string[];
  /** How long the credentials service's answers last (its default: ten minutes); tests of renewal shorten it. */
  credentialsTtlSeconds?: number;
  /** Fixed ports for `npm start`; tests leave them out. */
  ports?: { shell?: number; simulator?: number; credentials?: number; widgets?: Partial<Record<string, number>> };
}

export interface RunningStack {
  readonly bus: BusLab;
  readonly janus: RunningJanus;
  readonly registrar: RunningKamailio;
  readonly customers: ReadonlyMap<string, CustomerPhone>;
  readonly softphone: RunningSoftphone;
  readonly simulator: Simulator;
  readonly agentId: string;
  /** The credentials service the simulated org's agents exchange their assertions with. */
  readonly credentials: LabCredentials;
  /** The agent's SIP URI at the registrar (what a customer calls). */
  readonly agentUri: string;
  /** The run's lab CA and the certificate every part serves (https, wss). */
  readonly tls: LabTls;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The whole system on this machine, every part real except Salesforce: nats-server, Janus, a
 * kamailio registrar, baresip customer phones, each widget on its own origin, the shell, and the
 * Salesforce simulator framing it. `npm start`, the end-to-end tests and the benchmarks run this.
 * Every part a page reaches is served over https or wss with the run's lab certificate.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const customerNumbers = options.customers ?? [DEFAULT_CUSTOMER];
  const started: Array<{ stop(): Promise<void> }> = [];
  let stopping: Promise<void> | null = null;
  // Once, last started first, whether stop() or `await using` asks.
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const part of [...started].reverse()) await part.stop().catch(() => undefined);
    })());
  try {
    // The shell's page is the one page that may open the bus and the gateway.
    const shellPort = options.ports?.shell ?? (await freePort());
    const shellOrigin = `https://127.0.0.1:${shellPort}`;
    const bus = await startBusLab({ pageOrigins: [shellOrigin] });
    started.push(bus);
    const registrar = await startKamailio();
    started.push(registrar);
    const janus = await startJanus({ pageOrigins: [shellOrigin] });
    started.push(janus);
    const customers = new Map<string, CustomerPhone>();
    for (const [index, number] of customerNumbers.entries()) {
      const phone = await startCustomerPhone({ registrar, user: number, toneHz: labToneHz(index) });
      started.push(phone);
      customers.set(number, phone);
    }

    const simulatorPort = options.ports?.simulator ?? (await freePort());
    // Salesforce on another site than the softphone (localhost, the shell 127.0.0.1), as a real org
    // frames it: the shell runs in a renderer process of its own, and its storage (Web Locks,
    // localStorage) is partitioned under the console's site, as browsers do for a third-party frame.
    const simulatorOrigin = `https://${SALESFORCE_HOST}:${simulatorPort}`;
    const agentUri = registrar.uri(STACK_AGENT);
    // Standalone, the shell composes the widgets on the in-page bus (a widget team's view); the
    // agent's credentials reach only the shell inside the simulator, through Apex, never a route
    // on the shell's own origin that any code in the page could fetch.
    const softphone = await startSoftphone({
      repoRoot: options.repoRoot,
      distDir: options.distDir,
      deployFile: options.deployFile,
      widgets: options.widgets,
      config: { enabledWidgets: [...options.widgets] },
      agents: [{ id: STACK_AGENT, displayName: 'Demo Agent' }],
      shellPort,
      ...(options.ports?.widgets ? { widgetPorts: options.ports.widgets } : {}),
      // The shell's deployment allows the simulator as an Open CTI origin besides Salesforce's.
      openCtiOrigins: [simulatorOrigin],
    });
    started.push({ stop: () => softphone.close() });
    // The org's signing certificate: the simulator signs with it, the credentials service trusts it.
    const org = newOrgSigning(SIMULATED_ORG_ID);
    const credentials = await startLabCredentials(org, {
      nats: bus.trust,
      gatewayTokenSecret: janus.tokenSecret,
      sip: (agent, ttlSeconds) => ({ ...registrar.credentials(agent, ttlSeconds), proxy: registrar.proxy }),
      allowedOrigins: [shellOrigin],
      ...(options.credentialsTtlSeconds ? { ttlSeconds: options.credentialsTtlSeconds } : {}),
      ...(options.ports?.credentials ? { port: options.ports.credentials } : {}),
    });
    started.push(credentials);
    const tls = await labTls();
    const simulator = await startSimulator({
      port: simulatorPort,
      originHost: SALESFORCE_HOST,
      tls: { cert: tls.certPem, key: tls.keyPem },
      shellUrl: softphone.shellUrl,
      standbyUrl: new URL('standby.html', softphone.shellUrl).href,
      settings: {
        '/reqGeneralInfo/reqAdapterUrl': softphone.shellUrl,
        '/PatchbayEndpoints/BusUrl': bus.server.wsUrl,
        '/PatchbayEndpoints/GatewayUrl': janus.url,
        '/PatchbayEndpoints/WidgetManifestUrl': `${shellOrigin}/deploy/widgets.json`,
      },
      extra: { agentId: STACK_AGENT, users: [STACK_COLLEAGUE], org, credentialsService: { exchangeUrl: credentials.url, audience: LAB_CREDENTIALS_AUDIENCE } },
    });
    started.push(simulator);
    return {
      bus,
      janus,
      registrar,
      customers,
      softphone,
      simulator,
      agentId: STACK_AGENT,
      credentials,
      agentUri,
      tls,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
