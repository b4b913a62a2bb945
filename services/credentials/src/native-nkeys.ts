/**
 * NATS nkeys (Ed25519 keys in NATS's text form) signed with Node's own Ed25519. The nkeys package
 * signs in pure JavaScript: about 13 ms per key derivation or signature, so a user JWT (a new user
 * key, the signer, the signature) cost 38 ms of every agent's sign-in; natively it costs well under
 * a millisecond. The text form: a role prefix byte (a seed carries two), the raw key, a CRC-16
 * (XMODEM) of both, little-endian, all in RFC 4648 base32 without padding.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { KeyPair } from '@nats-io/nkeys';

/** Public-key roles, as their prefix bytes; the letter each key's text starts with. */
export const ROLE = { operator: 14 << 3, account: 0, user: 20 << 3 } as const; // O, A, U
type Role = (typeof ROLE)[keyof typeof ROLE];
const SEED = 18 << 3; // S
const PRIVATE = 15 << 3; // P
const ROLES: readonly number[] = Object.values(ROLE);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`not an nkey: "${char}" is not base32`);
    value = ((value << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function encode(prefix: readonly number[], payload: Uint8Array): string {
  const raw = new Uint8Array(prefix.length + payload.length + 2);
  raw.set(prefix);
  raw.set(payload, prefix.length);
  const check = crc16(raw.subarray(0, raw.length - 2));
  raw[raw.length - 2] = check & 0xff;
  raw[raw.length - 1] = check >>> 8;
  return base32(raw);
}

/** The payload of an nkey's text, once its checksum holds. */
function decode(text: string): Uint8Array {
  const raw = fromBase32(text);
  if (raw.length < 4) throw new Error('not an nkey: too short');
  const check = raw[raw.length - 2]! | (raw[raw.length - 1]! << 8);
  if (crc16(raw.subarray(0, raw.length - 2)) !== check) throw new Error('not an nkey: its checksum does not match');
  return raw.subarray(0, raw.length - 2);
}

// An Ed25519 private key in PKCS #8 DER is this prefix and the 32-byte seed (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An nkey pair held as a Node KeyObject; signatures are the same bytes the nkeys package makes. */
export class NativeKeyPair implements KeyPair {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly rawPublic: Uint8Array;

  private constructor(
    private readonly role: Role,
    private seed: Uint8Array,
  ) {
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
    this.rawPublic = Buffer.from(this.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  }

  /** A new key pair of `role` from 32 random bytes. */
  static create(role: Role): NativeKeyPair {
    return new NativeKeyPair(role, randomBytes(32));
  }

  /** The key pair an nkey seed (`S…`, as text or its bytes) holds. */
  static fromSeed(seed: string | Uint8Array): NativeKeyPair {
    const raw = decode(typeof seed === 'string' ? seed : new TextDecoder().decode(seed));
    if (raw.length !== 34 || (raw[0]! & 0xf8) !== SEED) throw new Error('not an nkey seed');
    const role = ((raw[0]! & 7) << 5) | ((raw[1]! & 0xf8) >> 3);
    if (!ROLES.includes(role)) throw new Error(`an nkey seed of an unsupported role (prefix byte ${role})`);
    return new NativeKeyPair(role as Role, raw.slice(2));
  }

  getPublicKey(): string {
    return encode([this.role], this.rawPublic);
  }

  /** `P…`: the seed and the public key, as nkeys writes a private key. */
  getPrivateKey(): Uint8Array {
    return new TextEncoder().encode(encode([PRIVATE], Buffer.concat([this.seed, this.rawPublic])));
  }

  getSeed(): Uint8Array {
    return new TextEncoder().encode(encode([SEED | (this.role >> 5), (this.role & 31) << 3], this.seed));
  }

  sign(input: Uint8Array): Uint8Array {
    return sign(null, input, this.privateKey);
  }

  verify(input: Uint8Array, signature: Uint8Array): boolean {
    return verify(null, input, this.publicKey, signature);
  }

  clear(): void {
    this.seed.fill(0);
    this.seed = new Uint8Array(0);
  }

  /** Sealing is for curve (X25519) keys, as in the nkeys package; these are signing keys. */
  seal(): Uint8Array {
    throw new Error('an Ed25519 nkey cannot seal; only curve keys can');
  }

  open(): Uint8Array | null {
    throw new Error('an Ed25519 nkey cannot open a sealed message; only curve keys can');
  }
}
