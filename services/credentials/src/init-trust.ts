/**
 * `npm run init-trust -w services/credentials -- <folder>`: makes the NATS trust for a deployment,
 * once: the operator JWT and trust.conf that nats-server includes (no secret in either), the
 * account's public key, and the account signing seed the credentials service alone keeps (0600).
 * The operator's and accounts' own seeds are not kept: rotating the trust is making a new one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createNatsTrust, renderTrustConf } from './nats-trust.js';

const folder = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: init-trust <folder>');
  process.exit(2);
}
mkdirSync(folder, { recursive: true, mode: 0o700 });
const trust = await createNatsTrust();
writeFileSync(join(folder, 'operator.jwt'), trust.operatorJwt);
writeFileSync(join(folder, 'trust.conf'), renderTrustConf(trust, join(folder, 'operator.jwt')));
writeFileSync(join(folder, 'account.pub'), `${trust.account.publicKey}\n`);
writeFileSync(join(folder, 'account-signing.seed'), `${trust.accountSigningSeed}\n`, { mode: 0o600 });
console.log(`NATS trust written to ${folder}:
  trust.conf, operator.jwt   for nats-server (include trust.conf from nats.conf)
  account.pub                PB_NATS_ACCOUNT of the credentials service
  account-signing.seed       PB_NATS_SIGNING_SEED_FILE of the credentials service (keep it there only)`);
