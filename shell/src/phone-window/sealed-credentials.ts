import type { SealedCredentials } from '@patchbay/contract';
import { parseAgentCredentials, type AgentCredentials } from '@patchbay/opencti';

/**
 * Credentials sealed to one phone window: ECDH-ES on P-256 (a one-time key per seal), HKDF-SHA-256,
 * AES-256-GCM with the agent's id as associated data. The window's private key never leaves the
 * window's memory (not extractable), so sealed credentials may cross the agent's bus, where any of
 * the agent's widgets may listen or ask.
 */
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const INFO = new TextEncoder().encode('patchbay phone-window credentials v1');

const toBase64 = (bytes: ArrayBuffer | Uint8Array): string => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function sealingKey(own: CryptoKey, other: CryptoKey, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: other }, own, 256);
  const material = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: INFO }, material, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** The phone window's key pair: what it pins in the agent's tabs, and what opens what they seal. */
export interface WindowKey {
  /** The raw public key, base64: not a secret. */
  readonly publicKey: string;
  /** Opens credentials sealed to this key for `agentId`; throws when they were not. */
  open(sealed: SealedCredentials, agentId: string): Promise<AgentCredentials>;
}

export async function windowKey(): Promise<WindowKey> {
  const pair = await crypto.subtle.generateKey(CURVE, false, ['deriveBits']);
  const publicKey = toBase64(await crypto.subtle.exportKey('raw', pair.publicKey));
  return {
    publicKey,
    async open(sealed, agentId) {
      const theirs = await crypto.subtle.importKey('raw', fromBase64(sealed.key), CURVE, false, []);
      const key = await sealingKey(pair.privateKey, theirs, 'decrypt');
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: new TextEncoder().encode(agentId) }, key, fromBase64(sealed.data));
      return parseAgentCredentials(new TextDecoder().decode(plain));
    },
  };
}

/** Seals `credentials` to the window key `publicKey` (base64 raw P-256). */
export async function sealCredentials(credentials: AgentCredentials, publicKey: string): Promise<SealedCredentials> {
  const theirs = await crypto.subtle.importKey('raw', fromBase64(publicKey), CURVE, false, []);
  const once = await crypto.subtle.generateKey(CURVE, false, ['deriveBits']);
  const key = await sealingKey(once.privateKey, theirs, 'encrypt');
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(credentials.agentId) }, key, new TextEncoder().encode(JSON.stringify(credentials)));
  return { key: toBase64(await crypto.subtle.exportKey('raw', once.publicKey)), iv: toBase64(iv), data: toBase64(data) };
}
