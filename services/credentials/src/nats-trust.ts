/**
 * NATS decentralized auth (operator mode, nats-server 2.9): an operator, a system account, and the
 * Patchbay account whose signing key mints each agent's user JWT. nats-server verifies a user JWT
 * itself (the signing key is listed in the account JWT it preloads), applies the permissions in it
 * and closes the connection at its expiry, so no agent is listed in any server config and no
 * server calls out to us.
 */
import { Algorithms, encodeAccount, encodeOperator, encodeUser, type Permissions } from '@nats-io/jwt';
import type { KeyPair } from '@nats-io/nkeys';
import type { NatsPermissions } from '@patchbay/bus/permissions';
import { NativeKeyPair, ROLE } from './native-nkeys.js';

/** The seeds an operator keeps (files readable by the services only) and the JWTs the servers load. */
export interface NatsTrust {
  operatorJwt: string;
  systemAccount: { publicKey: string; jwt: string };
  account: { publicKey: string; jwt: string };
  /** Signs user JWTs; the only secret the credentials service needs for the bus. */
  accountSigningSeed: string;
}

const text = new TextDecoder();
const seedOf = (kp: KeyPair): string => text.decode(kp.getSeed());
const v2 = { algorithm: Algorithms.v2 };

/**
 * A fresh operator, system account and Patchbay account with its signing key. The operator's and
 * accounts' own seeds sign only these JWTs, so they are dropped here: rotating means minting anew.
 */
export async function createNatsTrust(name = 'patchbay'): Promise<NatsTrust> {
  const operator = NativeKeyPair.create(ROLE.operator);
  const system = NativeKeyPair.create(ROLE.account);
  const account = NativeKeyPair.create(ROLE.account);
  const signing = NativeKeyPair.create(ROLE.account);
  const systemJwt = await encodeAccount('SYS', system, {}, { ...v2, signer: operator });
  // Limits default to 0 in a JWT (no connections at all): every one is set, -1 for none.
  const accountJwt = await encodeAccount(
    name,
    account,
    {
      signing_keys: [signing.getPublicKey()],
      limits: {
        conn: -1,
        subs: -1,
        data: -1,
        payload: -1,
        imports: -1,
        exports: -1,
        leaf: -1,
        wildcards: true,
        mem_storage: -1,
        disk_storage: -1,
        streams: -1,
        consumer: -1,
      },
    },
    { ...v2, signer: operator },
  );
  const operatorJwt = await encodeOperator(name, operator, { system_account: system.getPublicKey() }, v2);
  return {
    operatorJwt,
    systemAccount: { publicKey: system.getPublicKey(), jwt: systemJwt },
    account: { publicKey: account.getPublicKey(), jwt: accountJwt },
    accountSigningSeed: seedOf(signing),
  };
}

/** The part of nats.conf that trusts the operator and preloads the accounts (resolver MEMORY). */
export function renderTrustConf(trust: NatsTrust, operatorFile: string): string {
  const q = JSON.stringify;
  return (
    '# Rendered from the Patchbay NATS trust; do not edit by hand.\n' +
    `operator: ${q(operatorFile)}\n` +
    `system_account: ${q(trust.systemAccount.publicKey)}\n` +
    'resolver: MEMORY\n' +
    'resolver_preload: {\n' +
    `  ${trust.systemAccount.publicKey}: ${q(trust.systemAccount.jwt)}\n` +
    `  ${trust.account.publicKey}: ${q(trust.account.jwt)}\n` +
    '}\n'
  );
}

function jwtPermissions(permissions: NatsPermissions): Partial<Permissions> {
  return {
    pub: { allow: permissions.publish, deny: permissions.publishDeny },
    sub: { allow: permissions.subscribe, deny: [] },
    // One reply per request received, within the server's default window.
    ...(permissions.allowResponses ? { resp: { max: 1, ttl: 0 } } : {}),
  };
}

/** What minting a user needs: the account's public key and its signing seed (not the account JWT). */
export interface AccountSigner {
  account: { publicKey: string };
  accountSigningSeed: string;
}

export interface MintedUser {
  jwt: string;
  /** Seconds since the epoch; absent for a user that does not expire. */
  expiresAt?: number;
}

/**
 * A user JWT for `name` with `permissions`, signed by the account's signing key. A bearer JWT (an
 * agent's, held by a page that cannot keep a private key safer than the token itself) connects
 * with the JWT alone; otherwise the holder also proves the user key, whose seed is returned.
 */
export async function mintUser(
  trust: AccountSigner,
  name: string,
  permissions: NatsPermissions,
  { ttlSeconds, bearer, now = Date.now() }: { ttlSeconds?: number; bearer: boolean; now?: number },
): Promise<MintedUser & { seed?: string }> {
  const user = NativeKeyPair.create(ROLE.user);
  const signer = NativeKeyPair.fromSeed(trust.accountSigningSeed);
  const expiresAt = ttlSeconds === undefined ? undefined : Math.floor(now / 1000) + ttlSeconds;
  const jwt = await encodeUser(
    name,
    user,
    trust.account.publicKey,
    { ...jwtPermissions(permissions), bearer_token: bearer },
    { ...v2, signer, ...(expiresAt === undefined ? {} : { exp: expiresAt }) },
  );
  return { jwt, ...(expiresAt === undefined ? {} : { expiresAt }), ...(bearer ? {} : { seed: seedOf(user) }) };
}
