/**
 * The trust chain against the real nats-server: an assertion the org signs is exchanged over HTTPS
 * for credentials that the bus verifies itself, with nothing provisioned per agent; every bad
 * assertion is refused by the service with its reason, and a JWT of another account by the bus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, jwtAuthenticator } from 'nats.ws';
import { PermissionDeniedError, connectNatsBus } from '@patchbay/bus';
import { agentPermissions } from '@patchbay/bus/permissions';
import { createNatsTrust, mintSipCredentials, mintUser } from '@patchbay/credentials';
import { agentId, subjects } from '@patchbay/contract';
import { LAB_CREDENTIALS_AUDIENCE, labTls, startBusLab, startLabCredentials, type BusLab, type LabCredentials } from '@patchbay/devservers';
import { parseAgentCredentials, type AgentCredentials } from '@patchbay/opencti';
import { SIMULATED_ORG_ID, newOrgSigning, signAssertion } from '@patchbay/simulator';
import { httpsRequest } from '../support/https-request.js';

const SHELL_ORIGIN = 'https://softphone.example.com';
const org = newOrgSigning(SIMULATED_ORG_ID);
let lab: BusLab;
let service: LabCredentials;

beforeAll(async () => {
  lab = await startBusLab();
  service = await startLabCredentials(org, {
    nats: lab.trust,
    gatewayTokenSecret: 'lab-janus-secret-for-this-test-only',
    sip: (agent, ttlSeconds, now) => mintSipCredentials({ secret: 'lab-sip-secret-for-this-test-only', user: agent, domain: 'pbx.example.com', ttlSeconds, now }),
    allowedOrigins: [SHELL_ORIGIN],
  });
});
afterAll(async () => {
  await service?.stop();
  await lab?.stop();
});

/** A user id of the simulated org: 005 and twelve more characters, then a checksum-like tail. */
const userId = (n: number): string => `005${String(n).padStart(12, '0')}AAA`;

async function exchange(assertion: string, origin = SHELL_ORIGIN): Promise<{ status: number; body: Record<string, unknown> }> {
  const { caPem } = await labTls();
  const answer = await httpsRequest(service.url, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ assertion }), ca: caPem });
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
}

const assertionFor = (agent: string, extra: Partial<Parameters<typeof signAssertion>[1]> = {}): string => signAssertion(org, { subject: agent, audience: LAB_CREDENTIALS_AUDIENCE, ...extra });

describe('credentials service', () => {
  it('exchanges an assertion for credentials the bus verifies, confined to the agent', async () => {
    const { status, body } = await exchange(assertionFor(userId(1)));
    expect(status).toBe(200);
    const credentials: AgentCredentials = parseAgentCredentials(body);
    expect(credentials.agentId).toBe(userId(1));
    for (const part of [credentials.bus, credentials.gateway, credentials.sip]) {
      // Minutes, not a shift.
      expect(part.expiresAt - Date.now()).toBeGreaterThan(5 * 60_000);
      expect(part.expiresAt - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    }
    const bus = await connectNatsBus({ servers: lab.server.wsUrl, agentId: agentId(userId(1)), jwt: credentials.bus.jwt, logger: { warn: () => undefined } });
    await expect(bus.publish(subjects.dial(agentId(userId(1))), { number: '1' })).resolves.toBeUndefined();
    await expect(bus.publish(subjects.dial(agentId(userId(2))), { number: '1' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await bus.close();
  });

  it('refuses a bad assertion with its reason, and a page of another origin', async () => {
    const other = newOrgSigning(SIMULATED_ORG_ID);
    const replayed = assertionFor(userId(3));
    expect((await exchange(replayed)).status).toBe(200);
    const cases: Array<[string, string]> = [
      ['ASSERTION-EXPIRED', assertionFor(userId(3), { now: Date.now() - 10 * 60_000 })],
      ['ASSERTION-SIGNATURE', signAssertion(other, { subject: userId(3), audience: LAB_CREDENTIALS_AUDIENCE })],
      ['ASSERTION-REPLAYED', replayed],
      ['ASSERTION-AUDIENCE', assertionFor(userId(3), { audience: 'another-service' })],
    ];
    for (const [code, assertion] of cases) {
      const { status, body } = await exchange(assertion);
      expect([status, body['error']], code).toEqual([401, code]);
      expect(String(body['message']).length).toBeGreaterThan(10);
    }
    const hostile = await exchange(assertionFor(userId(3)), 'https://evil.example.com');
    expect([hostile.status, hostile.body['error']]).toEqual([403, 'ORIGIN']);
    expect(service.counts().refused).toBeGreaterThanOrEqual(cases.length);
  });

  it('a JWT signed by another account is refused by nats-server itself', async () => {
    const foreign = await createNatsTrust();
    const jwt = (await mintUser(foreign, userId(4), agentPermissions(agentId(userId(4))), { ttlSeconds: 600, bearer: true })).jwt;
    const refused = await connect({ servers: lab.server.wsUrl, authenticator: jwtAuthenticator(jwt), maxReconnectAttempts: 0 }).catch((error: unknown) => error);
    expect(String(refused)).toMatch(/Authorization Violation/i);
  });

  it('100 agents get credentials and connect, with nothing provisioned for any of them', async () => {
    const agents = Array.from({ length: 100 }, (_, i) => userId(1000 + i));
    const answers = await Promise.all(agents.map((agent) => exchange(assertionFor(agent))));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const buses = await Promise.all(
      answers.map(({ body }) => {
        const credentials = parseAgentCredentials(body);
        return connectNatsBus({ servers: lab.server.wsUrl, agentId: agentId(credentials.agentId), jwt: credentials.bus.jwt, logger: { warn: () => undefined } });
      }),
    );
    // Each reaches the bus store on its own subjects, as the presence widget does.
    await Promise.all(buses.map((bus) => bus.presence.set({ status: 'available', displayName: bus.agentId })));
    const team = new Set<string>();
    const stop = await buses[0]!.presence.watch((state) => team.add(state.agentId));
    for (const agent of agents) expect(team.has(agent), agent).toBe(true);
    stop();
    await Promise.all(buses.map((bus) => bus.close()));
  });
});
