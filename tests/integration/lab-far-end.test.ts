import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav, rms, startCustomerPhone, startKamailio, toneShare, type CustomerPhone, type RunningKamailio } from '@patchbay/devservers';

// The lab far end on its own: two baresip phones registered at kamailio (with ephemeral
// credentials, which kamailio also checks on their calls) call each other, so the registrar's
// routing and the customer phone's controls are proven before Janus is involved.
describe('lab far end: kamailio + baresip', () => {
  let registrar: RunningKamailio;
  let customer: CustomerPhone;
  let caller: CustomerPhone;

  beforeAll(async () => {
    registrar = await startKamailio();
    customer = await startCustomerPhone({ registrar });
    caller = await startCustomerPhone({ registrar, user: 'agent1' });
  });
  afterAll(async () => {
    await caller?.stop();
    await customer?.stop();
    await registrar?.stop();
  });

  it('refuses to register a user without the right password', async () => {
    const { authUser } = registrar.credentials('agent1', 600);
    await expect(startCustomerPhone({ registrar, user: 'agent1', credentials: { authUser, password: 'wrong' } })).rejects.toThrow(/refused agent1/);
  });

  it('routes a call to a registered user, who answers and records the 440 Hz tone it hears', async () => {
    await caller.dial(customer.uri);
    await customer.waitForEvent('CALL_ESTABLISHED');
    await caller.waitForEvent('CALL_ESTABLISHED');
    await customer.waitForEvent('CALL_RTPESTAB');
    await new Promise((r) => setTimeout(r, 1500)); // let a second and a half of tone flow
    await caller.hangup();
    await customer.waitForEvent('CALL_CLOSED');
    const path = await customer.recordedAudio();
    expect(path).not.toBeNull();
    const audio = await readWav(path!);
    expect(audio.samples.length).toBeGreaterThan(audio.sampleRate / 2);
    expect(rms(audio.samples)).toBeGreaterThan(0.01);
    expect(toneShare(audio, 440)).toBeGreaterThan(0.5);
    expect(toneShare(audio, 1000)).toBeLessThan(0.05);
  });

  it('answers 404 for a user the registrar does not know', async () => {
    const before = caller.events.length;
    await caller.dial(registrar.uri('nobody'));
    const closed = await caller.waitForEvent('CALL_CLOSED', { after: before });
    expect(closed.param).toMatch(/404/);
  });

  it('answers 603 for the reserved user "declined"', async () => {
    const before = caller.events.length;
    await caller.dial(registrar.uri('declined'));
    expect((await caller.waitForEvent('CALL_CLOSED', { after: before })).param).toMatch(/603/);
  });

  it('refuses with 486 when told to be busy', async () => {
    await customer.setAcceptMode('busy');
    const before = caller.events.length;
    await caller.dial(customer.uri);
    expect((await caller.waitForEvent('CALL_CLOSED', { after: before })).param).toMatch(/486/);
    await customer.setAcceptMode('answer');
  });
});
