import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJanus, startKamailio, type RunningJanus, type RunningKamailio } from '@patchbay/devservers';
import { JanusSipClient } from '../support/janus-sip-client.js';

/** The registrar's keepalive (gateway-config/lab/kamailio): a silent contact expires about 20 s after its phone died. */
const SILENT_CONTACT_GONE_MS = 40_000;
/** Long enough that a live contact which did not answer the pings would have been dropped. */
const PINGED_FOR_MS = 9_000 + 10_000 + 2 * 3_000;

/**
 * A Janus that dies (SIGKILL: nobody sends the REGISTER with expires 0) leaves its agents'
 * contacts at the registrar, and callers would be forked to them until they expire. Kamailio pings
 * every contact and drops the ones that stop answering; a live Janus answers and keeps its own.
 * The agent is registered through two gateways, as from two computers.
 */
describe('the registrar and a Janus that died', () => {
  let registrar: RunningKamailio;
  let live: RunningJanus;
  let doomed: RunningJanus;
  const clients: JanusSipClient[] = [];

  beforeAll(async () => {
    registrar = await startKamailio();
    [live, doomed] = await Promise.all([startJanus(), startJanus()]);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all([live?.stop(), doomed?.stop()]);
    await registrar?.stop();
  });

  const contacts = async (): Promise<string[]> => (await registrar.bindings('agent1')).map((binding) => binding.contact);

  /** Registers agent1 through `janus`; resolves with the contact it added. */
  async function registerThrough(janus: RunningJanus): Promise<string> {
    const before = await contacts();
    const client = await JanusSipClient.open(janus.url, janus.token());
    clients.push(client);
    const { authUser, password } = registrar.credentials('agent1', 600);
    await client.sip({
      request: 'register',
      username: registrar.uri('agent1'),
      secret: password,
      proxy: registrar.proxy,
      register_ttl: 600,
      headers: { 'X-Patchbay-Credential': `${authUser} ${password}` },
    });
    expect((await client.sipEvent(['registered', 'registration_failed'])).event).toBe('registered');
    const added = (await contacts()).filter((contact) => !before.includes(contact));
    expect(added).toHaveLength(1);
    return added[0]!;
  }

  it("drops the contact of the Janus that died, and keeps the live one's", async () => {
    const liveContact = await registerThrough(live);
    const liveSince = Date.now();
    const doomedContact = await registerThrough(doomed);
    expect(await contacts()).toEqual(expect.arrayContaining([liveContact, doomedContact]));

    process.kill(doomed.pid()!, 'SIGKILL');
    const diedAt = Date.now();
    await expect.poll(async () => (await contacts()).includes(doomedContact), { timeout: SILENT_CONTACT_GONE_MS, interval: 500 }).toBe(false);
    console.info(`Janus killed: its contact left the registrar after ${Date.now() - diedAt} ms`);

    // The live gateway answered every ping meanwhile (and for longer than a silent one lasts).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, liveSince + PINGED_FOR_MS - Date.now())));
    expect(await contacts()).toEqual([liveContact]);
  }, 90_000);
});
