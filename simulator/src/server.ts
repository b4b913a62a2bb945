/**
 * The Salesforce simulator: one HTTPS server at its own origin that frames the shell as Salesforce
 * does, serves both Open CTI APIs at Salesforce's paths, and keeps the simulated org (records,
 * Tasks, call center settings) that the console page and the APIs work on.
 *
 * Over 300 lines: it is the one server's routing table, a few lines a route; what the routes
 * serve lives beside it (pages.ts, apex.ts, records.ts, tasks.ts, callcenter-xml.ts).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApexError, runApex } from './apex.js';
import { newOrgSigning, signAssertion, type OrgSigning } from './org-signing.js';
import { flattenCallCenter, readCallCenterXml } from './callcenter-xml.js';
import { DEFAULT_BEHAVIOUR, readBehaviourPatch, type OrgBehaviour } from './org-behaviour.js';
import { adminPage, consolePage, type ConsoleMode } from './pages.js';
import { SEED_RECORDS, searchRecords, type SimRecord } from './records.js';
import { SaveLogRejected, TaskStore, type SimTask } from './tasks.js';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * The host name the simulator's pages are addressed by, when not `host` (another name for the
   * same address): it gives Salesforce a site of its own, as a real org's is never the softphone's.
   */
  originHost?: string;
  /** Certificate and key (PEM): Salesforce pages are https, and so is what they frame and fetch. */
  tls: { cert: string; key: string };
  /** The adapter page Salesforce would frame (the shell). */
  shellUrl: string;
  /** The standby page Salesforce frames when the adapter does not notify its start in time (reqStandbyUrl); none by default. */
  standbyUrl?: string;
  /** Call center settings on top of callcenter.xml's (flat keys). */
  settings?: Record<string, string>;
  extra?: {
    /** Records added to the seeded contacts and accounts. */
    records?: SimRecord[];
    /** The simulated agent's Salesforce user id: the user signed in unless a console page names another. */
    agentId?: string;
    /** More users of the org (and of its call center), each signed in by `consoleUrl(mode, user)`. */
    users?: readonly string[];
    /**
     * The credentials service the org's Apex points agents at (its custom metadata in a real org):
     * where to exchange an assertion, and the audience the assertion names.
     */
    credentialsService?: { exchangeUrl: string; audience: string };
    /** The org's signing certificate; a fresh one by default. */
    org?: OrgSigning;
  };
}

/** What the console page reports as it performs the API calls, readable by tests. */
export interface ConsoleState {
  pops: Array<Record<string, unknown>>;
  /** Every searchAndScreenPop (and searchAndGetScreenPopUrl): searchParams, callType, deferred. */
  searches: Array<Record<string, unknown>>;
  /** The console framed the standby URL: the softphone did not notify its initialization in time. */
  standby: boolean;
  clickToDialEnabled: boolean;
  initialized: boolean;
  refreshes: number;
  panel: { visible: boolean; heightPx: number; widthPx: number; label: string; icon: string; itemLabel: string; itemIcon: string };
}

export interface Simulator {
  readonly origin: string;
  /** The console signed in as `user` (the default agent when omitted), as a Salesforce session cookie would. */
  consoleUrl(mode?: ConsoleMode, user?: string): string;
  readonly adminUrl: string;
  tasks(): SimTask[];
  /** A call center's settings (the first call center's when omitted). */
  settings(callCenter?: string): Record<string, string>;
  consoleState(): ConsoleState;
  behaviour(): OrgBehaviour;
  setBehaviour(patch: Partial<OrgBehaviour>): void;
  /** Changes a call center's settings (the first's when omitted), as the admin page's Save does (PUT /api/settings). */
  updateSettings(change: Record<string, string>, callCenter?: string): void;
  /**
   * Imports callcenter.xml once more as a new call center named `name` (Setup → Call Centers →
   * Import), with the settings the first call center started with, then `change` on top. It has
   * no users until some are added.
   */
  addCallCenter(name: string, change?: Record<string, string>): void;
  /** Paths requested so far, in order. */
  requests(): string[];
  /** The org's signing certificate (its public key is what the credentials service trusts). */
  readonly org: OrgSigning;
  /**
   * Adds a user (the default agent when omitted) to a call center (the first when omitted) or
   * removes them from theirs (Setup → Call Centers → Manage Call Center Users). A user belongs to
   * one call center at a time (Manage Call Center Users, Salesforce Help), so adding moves them.
   */
  setAgentInCallCenter(member: boolean, user?: string, callCenter?: string): void;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The call center the org starts with, from callcenter.xml; every user is in it at first. */
export const FIRST_CALL_CENTER = 'Patchbay';

/** The simulated org's id, which its Apex puts in an assertion's `iss`. */
export const SIMULATED_ORG_ID = '00D000000000001AAA';
const PUBLIC = new URL('../public/', import.meta.url);
const CALLCENTER_XML = new URL('../../callcenter.xml', import.meta.url);
const API_SCRIPT = /^\/support\/api\/(\d{2,3}\.0)\/(lightning\/opencti_min\.js|interaction\.js)$/;
const STATIC: Record<string, string> = { '/console.js': 'console.js', '/admin.js': 'admin.js', '/simulator.css': 'simulator.css' };

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const records: SimRecord[] = [...SEED_RECORDS, ...(options.extra?.records ?? [])];
  const tasks = new TaskStore(() => records);
  const agentId = options.extra?.agentId ?? '005000000000001AAA';
  const org = options.extra?.org ?? newOrgSigning(SIMULATED_ORG_ID);
  const users = new Set([agentId, ...(options.extra?.users ?? [])]);
  /** Each user's one call center. */
  const memberOf = new Map([...users].map((user) => [user, FIRST_CALL_CENTER]));
  const service = options.extra?.credentialsService ?? { exchangeUrl: 'https://127.0.0.1:9/v1/credentials', audience: 'patchbay-credentials' };
  /** The user a request's session cookie names (the default agent without one). */
  const userOf = (req: IncomingMessage): string => {
    const named = /(?:^|;\s*)pb_sim_user=([A-Za-z0-9]{15,18})/.exec(req.headers.cookie ?? '')?.[1];
    return named !== undefined && users.has(named) ? named : agentId;
  };
  const assertionFor = (user: string) => () => {
    // As PatchbayAgentCredentials does: only a user of a call center gets an assertion.
    if (!memberOf.has(user)) throw new ApexError('PatchbayAgentCredentials: the user is not assigned to a Patchbay call center');
    return { assertion: signAssertion(org, { subject: user, audience: service.audience }), exchangeUrl: service.exchangeUrl };
  };
  const imported: Record<string, string> = {
    ...flattenCallCenter(readCallCenterXml(readFileSync(CALLCENTER_XML, 'utf8'))),
    '/reqGeneralInfo/reqAdapterUrl': options.shellUrl,
    '/reqGeneralInfo/reqStandbyUrl': options.standbyUrl ?? '',
    ...options.settings,
  };
  const callCenters = new Map<string, Record<string, string>>([[FIRST_CALL_CENTER, { ...imported }]]);
  const settingsOf = (callCenter: string): Record<string, string> => {
    const found = callCenters.get(callCenter);
    if (!found) throw new Error(`the org has no call center named ${JSON.stringify(callCenter)}`);
    return found;
  };
  const updateSettings = (change: Record<string, string>, callCenter = FIRST_CALL_CENTER): Record<string, string> => {
    const updated = { ...settingsOf(callCenter), ...change };
    callCenters.set(callCenter, updated);
    return updated;
  };
  /**
   * A user's call center settings: their call center's. A user in none gets the first call
   * center's: not Salesforce's behaviour (it shows no softphone to a user in no call center) but
   * the lab's, so a console keeps its softphone when a test takes its agent out of the call center
   * and the shell then meets Apex's refusal, as a console already open in Salesforce would.
   */
  const settingsFor = (user: string): Record<string, string> => settingsOf(memberOf.get(user) ?? FIRST_CALL_CENTER);
  let behaviour: OrgBehaviour = { ...DEFAULT_BEHAVIOUR };
  const state: ConsoleState = {
    pops: [],
    searches: [],
    standby: false,
    clickToDialEnabled: false,
    initialized: false,
    refreshes: 0,
    panel: {
      visible: false,
      heightPx: Number(imported['/reqGeneralInfo/reqSoftphoneHeight'] ?? 480),
      widthPx: Number(imported['/reqGeneralInfo/reqSoftphoneWidth'] ?? 320),
      label: 'Phone',
      icon: 'call',
      itemLabel: 'Phone',
      itemIcon: 'call',
    },
  };
  const requests: string[] = [];
  let origin = '';

  const routes: Record<string, (req: IncomingMessage, url: URL, body: unknown) => { status?: number; json?: unknown; html?: string; cookie?: string }> = {
    'GET /': (req, url) => {
      const as = url.searchParams.get('as');
      // Signing in: the session cookie names the user for the rest of this browser's requests.
      const signingIn = as !== null && users.has(as) ? as : null;
      const cookie = signingIn ? `pb_sim_user=${signingIn}; Path=/; Secure; SameSite=Lax` : undefined;
      const settings = settingsFor(signingIn ?? userOf(req));
      return {
        html: consolePage({ origin, shellUrl: options.shellUrl, mode: url.searchParams.get('mode') === 'Classic' ? 'Classic' : 'Lightning', records, settings }),
        ...(cookie ? { cookie } : {}),
      };
    },
    'GET /admin': (_req, url) => {
      const callCenter = url.searchParams.get('callCenter') ?? FIRST_CALL_CENTER;
      if (!callCenters.has(callCenter)) return { status: 404, json: { error: `no call center named ${callCenter}` } };
      const members = [...memberOf].filter(([, of]) => of === callCenter).map(([user]) => user);
      return { html: adminPage({ callCenter, callCenters: [...callCenters.keys()], members, settings: settingsOf(callCenter) }, behaviour) };
    },
    'GET /api/behaviour': () => ({ json: behaviour }),
    'PUT /api/behaviour': (_req, _url, body) => {
      const patch = readBehaviourPatch(body);
      if (typeof patch === 'string') return { status: 400, json: { error: patch } };
      behaviour = { ...behaviour, ...patch };
      return { json: behaviour };
    },
    'GET /api/state': (req) => ({ json: { ...state, settings: settingsFor(userOf(req)), records, tasks: tasks.list() } }),
    'GET /api/tasks': () => ({ json: tasks.list() }),
    // getCallCenterSettings: the signed-in user's call center.
    'GET /api/settings': (req) => ({ json: settingsFor(userOf(req)) }),
    'PUT /api/settings': (_req, url, body) => {
      if (!isStringMap(body)) return { status: 400, json: { error: 'settings must be an object of string values' } };
      const callCenter = url.searchParams.get('callCenter') ?? FIRST_CALL_CENTER;
      if (!callCenters.has(callCenter)) return { status: 404, json: { error: `no call center named ${callCenter}` } };
      return { json: updateSettings(body, callCenter) };
    },
    'POST /api/search': (_req, _url, body) => ({
      json: { records: searchRecords(records, isRecordLike(body) && typeof body.query === 'string' ? body.query : ''), searchResults: behaviour.lightningSearchResults },
    }),
    'POST /api/saveLog': (_req, _url, body) => {
      if (!isRecordLike(body) || typeof body.object !== 'string' || !isRecordLike(body.fields)) return { status: 400, json: { errors: [{ message: 'object and fields are required', fields: [] }] } };
      const fields = Object.fromEntries(Object.entries(body.fields).map(([k, v]) => [k, String(v)]));
      if (body.object !== 'Task' && fields.Id === undefined) return { status: 400, json: { errors: [{ message: `The simulator saves Tasks only, not ${body.object}`, fields: [] }] } };
      try {
        return { json: { id: tasks.save(fields) } };
      } catch (error) {
        if (error instanceof SaveLogRejected) return { status: 400, json: { errors: error.errors } };
        throw error;
      }
    },
    'POST /api/apex': (req, _url, body) => {
      const args = isRecordLike(body) ? body : {};
      try {
        return { json: { result: runApex(String(args.apexClass ?? ''), String(args.methodName ?? ''), String(args.methodParams ?? ''), { tasks, assertion: assertionFor(userOf(req)) }) } };
      } catch (error) {
        if (error instanceof ApexError) return { status: 400, json: { error: error.message } };
        throw error;
      }
    },
    'POST /api/console': (_req, _url, body) => {
      if (!isRecordLike(body)) return { status: 400, json: { error: 'expected an object' } };
      if (isRecordLike(body.pop)) state.pops.push(body.pop);
      if (isRecordLike(body.search)) state.searches.push(body.search);
      if (body.standby === true) state.standby = true;
      if (typeof body.clickToDialEnabled === 'boolean') state.clickToDialEnabled = body.clickToDialEnabled;
      if (body.initialized === true) state.initialized = true;
      if (body.refreshed === true) state.refreshes += 1;
      if (isRecordLike(body.panel)) Object.assign(state.panel, body.panel);
      return { json: { ok: true } };
    },
  };

  const server = createServer(options.tls, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    requests.push(url.pathname);
    void handle(req, res, url).catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const script = API_SCRIPT.exec(url.pathname);
    if (req.method === 'GET' && script) {
      const file = script[2] === 'interaction.js' ? 'interaction.js' : 'opencti_min.js';
      // One script as Salesforce serves it: the shared channel, then the API, in one scope.
      const source = [readFileSync(new URL('channel.js', PUBLIC), 'utf8'), readFileSync(new URL(file, PUBLIC), 'utf8')].join('\n');
      return send(res, 200, 'text/javascript', `(function () {\n'use strict';\n${source}\n})();\n`);
    }
    const asset = STATIC[url.pathname];
    if (req.method === 'GET' && asset) {
      return send(res, 200, asset.endsWith('.css') ? 'text/css' : 'text/javascript', readFileSync(new URL(asset, PUBLIC)));
    }
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return send(res, 404, 'text/plain', `Not found: ${url.pathname}`);
    let body: unknown;
    if (req.method === 'POST' || req.method === 'PUT') {
      try {
        body = JSON.parse(await readBody(req)) as unknown;
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ error: 'the body is not JSON' }));
      }
    }
    const answer = route(req, url, body);
    if (answer.cookie) res.setHeader('set-cookie', answer.cookie);
    if (answer.html !== undefined) return send(res, answer.status ?? 200, 'text/html; charset=utf-8', answer.html);
    send(res, answer.status ?? 200, 'application/json', JSON.stringify(answer.json));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `https://${options.originHost ?? options.host ?? '127.0.0.1'}:${address.port}`;

  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    origin,
    adminUrl: `${origin}/admin`,
    consoleUrl: (mode: ConsoleMode = 'Lightning', user?: string) => `${origin}/?mode=${mode}${user === undefined ? '' : `&as=${encodeURIComponent(user)}`}`,
    tasks: () => tasks.list(),
    settings: (callCenter = FIRST_CALL_CENTER) => ({ ...settingsOf(callCenter) }),
    consoleState: () => structuredClone(state),
    behaviour: () => ({ ...behaviour }),
    setBehaviour: (patch) => {
      behaviour = { ...behaviour, ...patch };
    },
    updateSettings: (change, callCenter) => {
      updateSettings(change, callCenter);
    },
    addCallCenter: (name, change = {}) => {
      if (callCenters.has(name)) throw new Error(`the org already has a call center named ${JSON.stringify(name)}`);
      callCenters.set(name, { ...imported, ...change });
    },
    requests: () => [...requests],
    org,
    setAgentInCallCenter: (member, user = agentId, callCenter = FIRST_CALL_CENTER) => {
      settingsOf(callCenter);
      if (member) memberOf.set(user, callCenter);
      else memberOf.delete(user);
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isRecordLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isRecordLike(value) && Object.values(value).every((v) => typeof v === 'string');
}
