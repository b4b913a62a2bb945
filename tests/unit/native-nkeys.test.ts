import { decode as decodeJwt, encodeUser } from '@nats-io/jwt';
import { createAccount, createOperator, createUser, fromPublic, fromSeed, type KeyPair } from '@nats-io/nkeys';
import { describe, expect, it } from 'vitest';
import { NativeKeyPair, ROLE } from '../../services/credentials/src/native-nkeys.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const ROLES: readonly [string, () => KeyPair, number][] = [
  ['operator', createOperator, ROLE.operator],
  ['account', createAccount, ROLE.account],
  ['user', createUser, ROLE.user],
];

describe('native nkeys: the same keys and signatures as the nkeys package', () => {
  for (const [name, create] of ROLES) {
    it(`reads a seed of the ${name} role the nkeys package made and writes back its public key, private key and seed`, () => {
      for (let i = 0; i < 20; i++) {
        const theirs = create();
        const ours = NativeKeyPair.fromSeed(text(theirs.getSeed()));
        expect(ours.getPublicKey()).toBe(theirs.getPublicKey());
        expect(text(ours.getPrivateKey())).toBe(text(theirs.getPrivateKey()));
        expect(text(ours.getSeed())).toBe(text(theirs.getSeed()));
        // Ed25519 signatures are deterministic: the same key signs the same bytes alike.
        const message = new TextEncoder().encode(`message ${i}`);
        expect(Buffer.from(ours.sign(message))).toEqual(Buffer.from(theirs.sign(message)));
      }
    });
  }

  it('makes keys the nkeys package reads, of the role asked for, and verifies both ways', () => {
    for (const [, , role] of ROLES) {
      const ours = NativeKeyPair.create(role);
      const theirs = fromSeed(ours.getSeed());
      expect(theirs.getPublicKey()).toBe(ours.getPublicKey());
      const message = new TextEncoder().encode('hello');
      expect(fromPublic(ours.getPublicKey()).verify(message, ours.sign(message))).toBe(true);
      expect(ours.verify(message, theirs.sign(message))).toBe(true);
      expect(ours.verify(new TextEncoder().encode('hellO'), theirs.sign(message))).toBe(false);
    }
    expect(NativeKeyPair.create(ROLE.user).getPublicKey()).toMatch(/^U[A-Z2-7]{55}$/);
    expect(NativeKeyPair.create(ROLE.operator).getPublicKey()).toMatch(/^O[A-Z2-7]{55}$/);
  });

  it('refuses a seed whose checksum does not match, text that is not base32, and a public key given as a seed', () => {
    const seed = text(createUser().getSeed());
    const flipped = seed.slice(0, 10) + (seed[10] === 'A' ? 'B' : 'A') + seed.slice(11);
    expect(() => NativeKeyPair.fromSeed(flipped)).toThrow(/checksum/);
    expect(() => NativeKeyPair.fromSeed(`${seed.slice(0, -1)}1`)).toThrow(/base32/);
    expect(() => NativeKeyPair.fromSeed(createUser().getPublicKey())).toThrow(/not an nkey seed/);
  });

  it('signs a user JWT that the nkeys package verifies with the signing key', async () => {
    const signing = NativeKeyPair.create(ROLE.account);
    const account = NativeKeyPair.create(ROLE.account);
    const user = NativeKeyPair.create(ROLE.user);
    const jwt = await encodeUser('agent', user, account.getPublicKey(), { bearer_token: true }, { signer: signing });
    const claims = decodeJwt(jwt);
    expect(claims.iss).toBe(signing.getPublicKey());
    expect(claims.sub).toBe(user.getPublicKey());
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const signed = new TextEncoder().encode(`${header}.${payload}`);
    expect(fromPublic(signing.getPublicKey()).verify(signed, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});
