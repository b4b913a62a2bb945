import { afterAll, beforeAll, expect, it } from 'vitest';
import { currentSeq, startPhoneSession, waitForStatus, type PhoneSession } from './phone-page/session.js';

// A second lab phone ("colleague") is the transfer target; the customer follows the REFER.
let session: PhoneSession;
beforeAll(async () => {
  session = await startPhoneSession({ extraCustomers: ['colleague'] });
});
afterAll(async () => {
  await session?.stop();
});

it('blind transfer: the customer is referred to another number and the agent leaves with cause transferred', async () => {
  const page = await session.openPhone();
  const { customer, others } = session.lab;
  const colleague = others['colleague']!;
  const seq = await currentSeq(page);
  await page.evaluate(() => window.harness.phone().dial('customer'));
  await waitForStatus(page, 'connected', seq);
  await page.evaluate(() => window.harness.phone().transfer('colleague'));
  const ended = await waitForStatus(page, 'ended', seq, 20_000);
  expect(ended).toMatchObject({ cause: 'transferred', causeDetail: 'transferred (200)' });
  // The customer followed the REFER: the colleague's phone answered a call from the customer.
  const established = await colleague.waitForEvent('CALL_ESTABLISHED', { timeoutMs: 10_000 });
  expect(established.peeruri).toContain('customer');
  await customer.hangup();
});
