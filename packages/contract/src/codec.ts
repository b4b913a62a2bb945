/**
 * The boundary: `encode` refuses to send what the contract does not allow; `decode` turns bytes
 * from the wire into a typed payload or a drop reason, never throws, and counts drops.
 *
 * Wire format: UTF-8 JSON `{ "v": 1, "id": "<message id>", "at": <epoch ms>, "data": <payload> }`.
 */
import type { AgentId } from './agent.js';
import { ContractError, DROP_CODES, type DropCode } from './errors.js';
import { MESSAGE_KINDS, REPLY_KINDS, parseSubject, type MessageKind, type ParsedSubject, type PayloadOfKind, type RequestSubject, type Subject } from './subjects.js';
import type { Validator } from './validate.js';
import { CONTRACT_VERSION, MAX_MESSAGE_BYTES, MAX_REPLY_BYTES } from './version.js';

export interface Envelope<T> {
  v: typeof CONTRACT_VERSION;
  /** Unique per message; receivers may use it to ignore a redelivered duplicate. */
  id: string;
  /** Epoch milliseconds when it was encoded. */
  at: number;
  data: T;
}

export interface MessageMeta {
  subject: string;
  agentId: AgentId;
  kind: MessageKind;
  id: string;
  at: number;
}

export interface Rejected {
  ok: false;
  code: DropCode;
  reason: string;
  subject: string;
}
export type Decoded<T> = { ok: true; payload: T; meta: MessageMeta } | Rejected;
/** decodeAny's result, discriminated by `kind`. */
export type AnyDecoded = { [K in MessageKind]: { ok: true; kind: K; payload: PayloadOfKind<K>; meta: MessageMeta & { kind: K } } }[MessageKind] | Rejected;

/** Counts drops per reason, for the shell's status bar and for tests. */
export class DropCounter {
  readonly byCode: Record<DropCode, number> = Object.fromEntries(DROP_CODES.map((c) => [c, 0])) as Record<DropCode, number>;
  get total(): number {
    return Object.values(this.byCode).reduce((a, b) => a + b, 0);
  }
  count(code: DropCode): void {
    this.byCode[code] += 1;
  }
}

/** Drops counted by decode calls that pass no counter of their own. */
export const droppedMessages = new DropCounter();

const utf8 = new TextEncoder();
/** One for every decode: a whole-buffer decode keeps no state, and making one per message showed in profiles. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A fresh envelope id (UUID where the platform has one). */
export function newMessageId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/**
 * A presence value stored under one agent must describe that agent, or one agent could pose as
 * another; null when consistent.
 */
function agentMismatch(parsed: ParsedSubject, value: unknown): string | null {
  const presence = parsed.kind === 'presence' || parsed.kind === 'store.presence.set';
  if (!presence || (value as { agentId: string }).agentId === parsed.agentId) return null;
  return `data.agentId does not match the subject's agent ${parsed.agentId}`;
}

function validatorFor(parsed: ParsedSubject, reply: boolean): Validator<unknown> | undefined {
  return reply ? (REPLY_KINDS as Partial<Record<MessageKind, Validator<unknown>>>)[parsed.kind] : (MESSAGE_KINDS[parsed.kind] as Validator<unknown>);
}

function encodeWith(subject: string, payload: unknown, options: { id?: string; at?: number }, reply: boolean): Uint8Array {
  const parsed = parseSubject(subject);
  if (!parsed) throw new ContractError('unknown-subject', `${subject} is not a pb.v${CONTRACT_VERSION} subject`);
  const validator = validatorFor(parsed, reply);
  if (!validator) throw new ContractError('unknown-subject', `${subject} takes no requests`);
  const check = validator(payload, 'data');
  if (!check.ok) throw new ContractError('invalid-payload', `${subject}: ${check.reason}`);
  const mismatch = reply ? null : agentMismatch(parsed, check.value);
  if (mismatch) throw new ContractError('invalid-payload', `${subject}: ${mismatch}`);
  const envelope: Envelope<unknown> = { v: CONTRACT_VERSION, id: options.id ?? newMessageId(), at: options.at ?? Date.now(), data: check.value };
  const bytes = utf8.encode(JSON.stringify(envelope));
  const limit = reply ? MAX_REPLY_BYTES : MAX_MESSAGE_BYTES;
  if (bytes.byteLength > limit) {
    throw new ContractError('oversized', `${subject}: ${bytes.byteLength} bytes, limit ${limit}`);
  }
  return bytes;
}

/** Validates and encodes; throws ContractError (unknown-subject, invalid-payload, oversized). */
export function encode<T>(subject: Subject<T>, payload: T, options: { id?: string; at?: number } = {}): Uint8Array {
  return encodeWith(subject, payload, options, false);
}

/** Encodes the reply to a request on `subject`; throws ContractError like encode. */
export function encodeReply<Q, R>(subject: RequestSubject<Q, R>, reply: R): Uint8Array {
  return encodeWith(subject, reply, {}, true);
}

function reject(drops: DropCounter, subject: string, code: DropCode, reason: string): Rejected {
  drops.count(code);
  return { ok: false, code, reason, subject };
}

function decodeWith(subject: string, bytes: Uint8Array, drops: DropCounter, reply: boolean): Decoded<unknown> {
  const parsed = parseSubject(subject);
  if (!parsed) return reject(drops, subject, 'unknown-subject', `${subject} is not a pb.v${CONTRACT_VERSION} subject`);
  const validator = validatorFor(parsed, reply);
  if (!validator) return reject(drops, subject, 'unknown-subject', `${subject} takes no requests`);
  const limit = reply ? MAX_REPLY_BYTES : MAX_MESSAGE_BYTES;
  if (bytes.byteLength > limit) {
    return reject(drops, subject, 'oversized', `${bytes.byteLength} bytes, limit ${limit}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(strictUtf8.decode(bytes));
  } catch (error) {
    return reject(drops, subject, 'not-json', error instanceof Error ? error.message : String(error));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return reject(drops, subject, 'bad-envelope', 'not an object');
  const env = json as Record<string, unknown>;
  if (env.v !== CONTRACT_VERSION) {
    return reject(drops, subject, 'version-mismatch', `envelope v=${JSON.stringify(env.v)}, expected ${CONTRACT_VERSION}`);
  }
  if (typeof env.id !== 'string' || !ID.test(env.id)) return reject(drops, subject, 'bad-envelope', 'id: expected 1..64 of A-Z a-z 0-9 _ -');
  if (typeof env.at !== 'number' || !Number.isSafeInteger(env.at) || env.at < 0) {
    return reject(drops, subject, 'bad-envelope', 'at: expected epoch milliseconds');
  }
  if (!Object.hasOwn(env, 'data')) return reject(drops, subject, 'bad-envelope', 'data: missing');
  const check = validator(env.data, 'data');
  if (!check.ok) return reject(drops, subject, 'invalid-payload', check.reason);
  const mismatch = reply ? null : agentMismatch(parsed, check.value);
  if (mismatch) return reject(drops, subject, 'invalid-payload', mismatch);
  return { ok: true, payload: check.value, meta: { subject, agentId: parsed.agentId, kind: parsed.kind, id: env.id, at: env.at } };
}

/** Decodes a message received on `subject`. Never throws. */
export function decode<T>(subject: Subject<T>, bytes: Uint8Array, drops: DropCounter = droppedMessages): Decoded<T> {
  return decodeWith(subject, bytes, drops, false) as Decoded<T>;
}

/** Decodes a message from any subject (e.g. a wildcard subscription); narrow on `kind`. */
export function decodeAny(subject: string, bytes: Uint8Array, drops: DropCounter = droppedMessages): AnyDecoded {
  const decoded = decodeWith(subject, bytes, drops, false);
  return (decoded.ok ? { ...decoded, kind: decoded.meta.kind } : decoded) as AnyDecoded;
}

/** Decodes the reply to a request made on `subject`. Never throws. */
export function decodeReply<Q, R>(subject: RequestSubject<Q, R>, bytes: Uint8Array, drops: DropCounter = droppedMessages): Decoded<R> {
  return decodeWith(subject, bytes, drops, true) as Decoded<R>;
}
