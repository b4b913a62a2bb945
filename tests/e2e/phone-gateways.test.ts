import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { freePort, startJanus, type RunningJanus } from '@patchbay/devservers';
import { currentSeq, labIssuer, startPhoneSession, waitForStatus, type PhoneSession } from './phone-page/session.js';

// Two gateways that accept the same tokens (one secret, as a deployment's Apex class signs them)
// in front of the lab's registrar, and a third URL where nothing listens.
let session: PhoneSession;
let backup: RunningJanus;
beforeAll(async () => {
  session = await startPhoneSession();
  backup = await startJanus({ tokenSecret: session.lab.janus.tokenSecret });
});
afterEach(() => session.closePhones());
afterAll(async () => {
  await backup?.stop();
  await session?.stop();
});

it('skips a gateway that is down, and moves to the next when the serving one goes away, then calls through it', async () => {
  const { lab } = session;
  const nowhere = `wss://127.0.0.1:${await freePort()}`;
  const page = await session.openPhone({ servers: [nowhere, lab.janus.url, backup.url] });
  expect(await page.evaluate(() => window.harness.phone().registrationState)).toMatchObject({ status: 'registered', reconnects: 0 });

  await lab.janus.stop();
  try {
    await page.waitForFunction(() => window.harness.registrations.some((r) => r.status === 'registered' && r.reconnects === 1), undefined, { timeout: 30_000 });
    // The first gateway is gone, so the new session is on the backup: the call goes through it.
    const seq = await currentSeq(page);
    const before = lab.customer.events.length;
    await page.evaluate(() => window.harness.phone().dial('customer'));
    await waitForStatus(page, 'connected', seq);
    await lab.customer.waitForEvent('CALL_ESTABLISHED', { after: before });
    await page.evaluate(() => window.harness.phone().hangup());
  } finally {
    await lab.janus.restart();
  }
});

it('after losing the gateway, registers with the credentials it holds then, and asks for new ones when they are refused', async () => {
  const { lab } = session;
  // Credentials of a few seconds, so that they are renewed while the gateway is away.
  const issuer = labIssuer(lab, { ttlSeconds: 3 });
  const page = await session.openPhone({ servers: [lab.janus.url] }, issuer);
  const valid = issuer.sipCredential;
  await lab.janus.stop();
  issuer.sipCredential = () => ({ ...valid(), password: 'bm90IHNpZ25lZCBieSB0aGUgbGFi' });
  await new Promise((resolve) => setTimeout(resolve, 3500));
  await lab.janus.restart();
  // The registrar refuses what the phone renewed meanwhile, and the phone keeps trying...
  await page.waitForFunction(() => window.harness.registrations.some((r) => r.status === 'reconnecting' && /refused \(401\)/.test(r.detail ?? '')), undefined, { timeout: 30_000 });
  // ...and is back once valid credentials come.
  issuer.sipCredential = valid;
  await page.waitForFunction(() => window.harness.phone().registrationState.status === 'registered', undefined, { timeout: 30_000 });
});
