/**
 * Findings (issue 9): the lab registrar checked agents against a table of passwords written per
 * agent, and did not authenticate calls at all: whoever reached it could call as any agent. Now
 * kamailio verifies short-lived credentials that nothing provisions per agent (auth_ephemeral,
 * one shared secret), on every REGISTER and every new call, and each of an agent's credentials
 * names its user. Every refusal is checked where it happens (kamailio's log line for it) and, for
 * an agent behind Janus, in what Janus tells the agent. sipp, a SIP stack of its own, checks the
 * digest path that any other client would use.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mintSipCredentials, startJanus, startKamailio, type RunningJanus, type RunningKamailio, type SipCredentials } from '@patchbay/devservers';
import { JanusSipClient, webrtcAudioOffer } from '../support/janus-sip-client.js';
import { sippFinalStatus } from '../support/sipp.js';

const secret = randomBytes(24).toString('base64');
let registrar: RunningKamailio;
let janus: RunningJanus;
const clients: JanusSipClient[] = [];

beforeAll(async () => {
  registrar = await startKamailio({ secrets: [secret] });
  janus = await startJanus();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await janus?.stop();
  await registrar?.stop();
});

/** Credentials of `user` as the credentials service would mint them, or as they were `agoSeconds` ago. */
function credentialsOf(user: string, { agoSeconds = 0, signedWith = secret } = {}): SipCredentials {
  return mintSipCredentials({ secret: signedWith, user, domain: registrar.domain, ttlSeconds: 600, now: Date.now() - agoSeconds * 1000 });
}

/** The header Janus sends them in (its SIP stack cannot answer a digest challenge with them). */
function credentialHeader({ authUser, password }: SipCredentials): Record<string, string> {
  return { 'X-Patchbay-Credential': `${authUser} ${password}` };
}

/** A Janus session with the SIP plugin, as an agent's page would open. */
async function janusSession(): Promise<JanusSipClient> {
  const client = await JanusSipClient.open(janus.url, janus.token());
  clients.push(client);
  return client;
}

/** Registers `user` through Janus with `credentials`; resolves with what Janus tells the agent. */
async function registerThroughJanus(user: string, credentials: SipCredentials, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const client = await janusSession();
  const after = client.received.length;
  await client.sip({ request: 'register', username: registrar.uri(user), secret: credentials.password, proxy: registrar.proxy, headers: credentialHeader(credentials), ...extra });
  return client.sipEvent(['registered', 'registration_failed'], { after });
}

/** Resolves once kamailio's log has a line that matches. */
async function registrarLogged(line: RegExp): Promise<void> {
  await expect.poll(async () => line.test(await readFile(registrar.logFile, 'utf8')), { timeout: 5000 }).toBe(true);
}

describe('REGISTER', () => {
  it("with the agent's own, current credentials is accepted (through Janus and by digest)", async () => {
    expect(await registerThroughJanus('agentA', credentialsOf('agentA'))).toMatchObject({ event: 'registered' });
    const { authUser, password } = credentialsOf('agentA');
    expect(await sippFinalStatus('register', { target: registrar.domain, fromUser: 'agentA', authUser, password })).toBe(200);
  });

  it('with expired credentials is refused 401 by kamailio, and Janus tells the agent', async () => {
    const expired = credentialsOf('agentA', { agoSeconds: 601 });
    expect(await registerThroughJanus('agentA', expired)).toEqual({ event: 'registration_failed', code: 401, reason: 'Unauthorized' });
    await registrarLogged(/REGISTER from agentA \(To agentA\) refused: credential expired or not signed with a known secret/);
    expect(await sippFinalStatus('register', { target: registrar.domain, fromUser: 'agentA', authUser: expired.authUser, password: expired.password })).toBe(401);
  });

  it('with credentials signed by another secret is refused 401', async () => {
    const forged = credentialsOf('agentA', { signedWith: 'not-the-registrar-secret' });
    expect(await registerThroughJanus('agentA', forged)).toMatchObject({ event: 'registration_failed', code: 401 });
    expect(await sippFinalStatus('register', { target: registrar.domain, fromUser: 'agentA', authUser: forged.authUser, password: forged.password })).toBe(401);
  });

  it("as agent B with agent A's credentials is refused 403 by kamailio, and Janus tells the agent", async () => {
    const ofA = credentialsOf('agentA');
    expect(await registerThroughJanus('agentB', ofA)).toEqual({ event: 'registration_failed', code: 403, reason: 'Forbidden' });
    await registrarLogged(/REGISTER from agentB \(To agentB\) refused: the credentials are another user's \(\d+:agentA\)/);
    expect(await sippFinalStatus('register', { target: registrar.domain, fromUser: 'agentB', authUser: ofA.authUser, password: ofA.password })).toBe(403);
  });
});

describe('INVITE', () => {
  /** Places a call through Janus as `user` (no REGISTER: none is needed to call) with `credentials`; resolves with how it ended. */
  async function callThroughJanus(user: string, callee: string, credentials: SipCredentials): Promise<Record<string, unknown>> {
    const client = await janusSession();
    // The plugin wants an account before a call; send_register: false sends no REGISTER.
    await client.sip({ request: 'register', username: registrar.uri(user), secret: credentials.password, proxy: registrar.proxy, send_register: false });
    await client.sipEvent(['registered']);
    const after = client.received.length;
    await client.sip({ request: 'call', uri: registrar.uri(callee), headers: credentialHeader(credentials) }, webrtcAudioOffer());
    return client.sipEvent(['hangup'], { after });
  }

  it("from agent A with agent A's credentials gets past the proxy's check (to a user nobody registered: 404)", async () => {
    expect(await callThroughJanus('agentA', 'nobody', credentialsOf('agentA'))).toMatchObject({ event: 'hangup', code: 404 });
    const { authUser, password } = credentialsOf('agentA');
    expect(await sippFinalStatus('invite', { target: registrar.domain, fromUser: 'agentA', toUser: 'nobody', authUser, password })).toBe(404);
  });

  it("from agent B's user part with agent A's credentials is refused 403 by kamailio, and Janus tells the agent", async () => {
    const ofA = credentialsOf('agentA');
    expect(await callThroughJanus('agentB', 'nobody', ofA)).toMatchObject({ event: 'hangup', code: 403, reason: 'Forbidden' });
    await registrarLogged(/INVITE from agentB \(To nobody\) refused: the credentials are another user's \(\d+:agentA\)/);
    expect(await sippFinalStatus('invite', { target: registrar.domain, fromUser: 'agentB', toUser: 'nobody', authUser: ofA.authUser, password: ofA.password })).toBe(403);
  });

  it('with expired credentials is refused 401 by kamailio', async () => {
    expect(await callThroughJanus('agentA', 'nobody', credentialsOf('agentA', { agoSeconds: 601 }))).toMatchObject({ event: 'hangup', code: 401 });
    await registrarLogged(/INVITE from agentA \(To nobody\) refused: credential expired or not signed with a known secret/);
  });

  it("never hands the caller's credential to the callee", async () => {
    // Agent B, registered, reports every X- header of its incoming calls.
    const ofB = credentialsOf('agentB');
    const callee = await janusSession();
    await callee.sip({ request: 'register', username: registrar.uri('agentB'), secret: ofB.password, proxy: registrar.proxy, headers: credentialHeader(ofB), incoming_header_prefixes: ['X-'] });
    await callee.sipEvent(['registered']);
    const caller = await janusSession();
    const ofA = credentialsOf('agentA');
    await caller.sip({ request: 'register', username: registrar.uri('agentA'), secret: ofA.password, proxy: registrar.proxy, send_register: false });
    await caller.sipEvent(['registered']);
    await caller.sip({ request: 'call', uri: registrar.uri('agentB'), headers: { ...credentialHeader(ofA), 'X-Patchbay-Probe': 'relayed' } }, webrtcAudioOffer());
    const incoming = await callee.sipEvent(['incomingcall']);
    // The probe shows X- headers do reach B; the credential does not.
    expect(incoming.headers).toEqual({ 'X-Patchbay-Probe': 'relayed' });
  });
});
