import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintSipCredentials, startJanus, startKamailio, type RunningJanus, type RunningKamailio, type SipCredentials } from '@patchbay/devservers';
import { JanusSipClient } from '../support/janus-sip-client.js';
import { sippFinalStatus } from '../support/sipp.js';

// How an operator rotates the registrar's shared secret (gateway-config/lab/README.md): kamailio
// lists the new secret and the old one until the old one's credentials have expired, then only
// the new one. Checked on both ways agents and phones present credentials.
describe('rotating the SIP shared secret', () => {
  const OLD = 'old-shared-secret';
  const NEW = 'new-shared-secret';
  let janus: RunningJanus;
  let during: RunningKamailio;
  let after: RunningKamailio;

  beforeAll(async () => {
    janus = await startJanus();
    during = await startKamailio({ secrets: [NEW, OLD] });
    after = await startKamailio({ secrets: [NEW] });
  });
  afterAll(async () => {
    await after?.stop();
    await during?.stop();
    await janus?.stop();
  });

  const signed = (registrar: RunningKamailio, secret: string): SipCredentials => mintSipCredentials({ secret, user: 'agent1', domain: registrar.domain, ttlSeconds: 600 });

  /** What a REGISTER with `credentials` gets: through Janus (the credential header) and by digest (sipp). */
  async function registerBothWays(registrar: RunningKamailio, credentials: SipCredentials): Promise<[unknown, number]> {
    const client = await JanusSipClient.open(janus.url, janus.token());
    try {
      await client.sip({
        request: 'register',
        username: registrar.uri('agent1'),
        secret: credentials.password,
        proxy: registrar.proxy,
        headers: { 'X-Patchbay-Credential': `${credentials.authUser} ${credentials.password}` },
      });
      const janusSays = await client.sipEvent(['registered', 'registration_failed']);
      const digest = await sippFinalStatus('register', { target: registrar.domain, fromUser: 'agent1', authUser: credentials.authUser, password: credentials.password });
      return [janusSays.event === 'registered' ? 200 : janusSays.code, digest];
    } finally {
      client.close();
    }
  }

  it('while both secrets are listed, credentials signed with either are accepted', async () => {
    expect(await registerBothWays(during, signed(during, NEW))).toEqual([200, 200]);
    expect(await registerBothWays(during, signed(during, OLD))).toEqual([200, 200]);
  });

  it('once the old secret is gone, its credentials are refused', async () => {
    expect(await registerBothWays(after, signed(after, NEW))).toEqual([200, 200]);
    expect(await registerBothWays(after, signed(after, OLD))).toEqual([401, 401]);
  });
});
