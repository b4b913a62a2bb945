/**
 * Gateway tokens now last minutes, not a day (issue 9), so that a token taken from a page is soon
 * worth nothing. That holds only if Janus refuses a token past its expiry on every request, the
 * ones of a session opened while it was valid included; the phone keeps a session up by sending
 * renewed tokens (tests/e2e/phone-credentials.test.ts). Janus's own words are asserted, so the
 * refusal is known to be Janus's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signJanusToken, startJanus, type RunningJanus } from '@patchbay/devservers';
import { JanusSipClient } from '../support/janus-sip-client.js';

/** What Janus 1.1 answers a request whose token it does not accept (JANUS_ERROR_UNAUTHORIZED). */
const JANUS_REFUSAL = { code: 403, reason: 'Unauthorized request (wrong or missing secret/token)' };

let janus: RunningJanus;
beforeAll(async () => {
  janus = await startJanus();
});
afterAll(async () => {
  await janus?.stop();
});

it('refuses to open a session with a token past its expiry', async () => {
  const expired = signJanusToken(janus.tokenSecret, { ttlSeconds: 600, now: Date.now() - 601_000 });
  const client = await JanusSipClient.connect(janus.url, expired);
  try {
    const answer = await client.request({ janus: 'create' });
    expect(answer).toMatchObject({ janus: 'error', error: JANUS_REFUSAL });
  } finally {
    client.close();
  }
});

it('refuses the requests of an open session once its token expired, and takes them with a renewed one', async () => {
  const client = await JanusSipClient.open(janus.url, janus.token(2));
  try {
    expect(await client.keepalive()).toMatchObject({ janus: 'ack' });
    // Janus compares whole seconds: past the expiry second, the token is refused.
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect(await client.keepalive()).toMatchObject({ janus: 'error', error: JANUS_REFUSAL });
    expect(await client.sip({ request: 'unregister' })).toMatchObject({ janus: 'error', error: JANUS_REFUSAL });
    client.token = janus.token();
    expect(await client.keepalive()).toMatchObject({ janus: 'ack' });
  } finally {
    client.close();
  }
});
