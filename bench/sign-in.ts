/**
 * The trust chain's cost, on loopback: an assertion signed as the org's Apex signs it, posted to
 * the credentials service, until its answer is parsed (NATS JWT, Janus token, SIP minted). Where
 * it sits in a page load (signed in, bus connected, SIP registered) is the widgets bench's.
 * Prints p50 and p95; never fails on time.
 * Alone: node --import ./scripts/ts-register.mjs bench/sign-in.ts [exchanges]
 */
import { LAB_CREDENTIALS_AUDIENCE } from '@patchbay/devservers';
import { parseAgentCredentials } from '@patchbay/opencti';
import { signAssertion } from '@patchbay/simulator';
import { startFullStack } from '../tests/support/full-stack.js';
import { httpsRequest } from '../tests/support/https-request.js';
import { isEntryPoint } from './alone.js';
import { percentile } from './stats.js';

export async function benchSignIn(exchanges = 50): Promise<void> {
  const lab = await startFullStack();
  try {
    const { stack } = lab;
    const shellOrigin = new URL(stack.softphone.shellUrl).origin;
    const exchangeMs: number[] = [];
    for (let i = 0; i < exchanges; i++) {
      const assertion = signAssertion(stack.simulator.org, { subject: stack.agentId, audience: LAB_CREDENTIALS_AUDIENCE });
      const started = performance.now();
      const answer = await httpsRequest(stack.credentials.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: shellOrigin },
        body: JSON.stringify({ assertion }),
        ca: stack.tls.caPem,
      });
      parseAgentCredentials(JSON.parse(answer.body));
      exchangeMs.push(performance.now() - started);
    }
    const row = (label: string, values: number[]): string =>
      `${label.padEnd(40)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(7)} ms   (n=${values.length})`;
    console.log(row('credential exchange (HTTPS, mint all three)', exchangeMs));
  } finally {
    await lab.stop();
  }
}

if (isEntryPoint(import.meta.url)) await benchSignIn(Number(process.argv[2] ?? 50));
