/**
 * Finding: predictable lab credentials. The bus had an unrestricted `provisioner` user with the
 * password `provisioner-secret`, and agent passwords were `pw-<agentId>`; `npm start` listens where
 * any user of the machine can connect. Now nothing is fixed or derivable: the bus trusts an operator
 * made for the run and names no user, the gateway's token secret is drawn per run, and every file
 * holding a secret is readable by its owner only.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect, jwtAuthenticator } from 'nats.ws';
import { startBusLab, startJanus, type BusLab, type RunningJanus } from '@patchbay/devservers';
import { repoRoot } from '../support/built-dist.js';

let labs: BusLab[] = [];
let gateways: RunningJanus[] = [];

beforeAll(async () => {
  labs = [await startBusLab(), await startBusLab()];
  gateways = [await startJanus(), await startJanus()];
});
afterAll(async () => {
  for (const part of [...labs, ...gateways]) await part.stop();
});

async function refusedAs(url: string, auth: { user: string; pass: string }): Promise<string> {
  const answer = await connect({ servers: url, ...auth, maxReconnectAttempts: 0 }).then(
    async (nc) => {
      await nc.close();
      return 'connected';
    },
    (error: unknown) => String(error),
  );
  return answer;
}

test('the old fixed credentials open nothing, and no two runs share a secret', async () => {
  const [a, b] = labs as [BusLab, BusLab];
  for (const auth of [
    { user: 'provisioner', pass: 'provisioner-secret' },
    { user: 'alice', pass: 'pw-alice' },
  ]) {
    expect(await refusedAs(a.server.wsUrl, auth)).toMatch(/Authorization Violation/i);
  }
  // An agent JWT minted for one run's bus is a stranger to another run's.
  const elsewhere = await connect({ servers: b.server.wsUrl, authenticator: jwtAuthenticator(await a.jwtFor('alice')), maxReconnectAttempts: 0 }).catch((e: unknown) => e);
  expect(String(elsewhere)).toMatch(/Authorization Violation/i);
  expect(a.trust.accountSigningSeed).not.toBe(b.trust.accountSigningSeed);
  expect(gateways[0]!.tokenSecret).not.toBe(gateways[1]!.tokenSecret);
  expect(gateways[0]!.tokenSecret.length).toBeGreaterThanOrEqual(32);
});

test("the servers' configs hold no seed, and the gateway's secret is readable by its owner only", async () => {
  const natsDir = labs[0]!.server.dir;
  for (const node of await readdir(natsDir)) {
    const conf = await readFile(join(natsDir, node, 'trust.conf'), 'utf8');
    // NATS seeds are base32 starting with S (SO, SA, SU…): only JWTs and public keys belong here.
    expect(conf).not.toMatch(/\bS[OAU][A-Z2-7]{50,}\b/);
    expect(conf).not.toContain(labs[0]!.trust.accountSigningSeed);
  }
  const janus = gateways[0]!;
  const config = join(janus.configDir, 'janus.jcfg');
  expect(await readFile(config, 'utf8')).toContain(janus.tokenSecret);
  expect((await stat(config)).mode & 0o077).toBe(0);
  expect((await stat(dirname(config))).mode & 0o077).toBe(0);
});

test('no fixed secret is written in the repository', async () => {
  const sources = ['packages', 'services', 'shell', 'simulator', 'scripts', 'gateway-config', 'bench'];
  const offenders: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.(ts|mjs|js|cfg|conf|jcfg|json)$/.test(entry.name)) {
        const text = await readFile(path, 'utf8');
        if (/provisioner-secret|`pw-\$\{|'pw-'/.test(text)) offenders.push(path);
      }
    }
  };
  for (const source of sources) await walk(join(repoRoot, source));
  expect(offenders).toEqual([]);
});
