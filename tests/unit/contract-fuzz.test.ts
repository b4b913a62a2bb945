import { expect, test } from 'vitest';
import { DROP_CODES, DropCounter, MESSAGE_KINDS, decodeAny, encode, isAgentId, type MessageKind, type Subject } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { seededRandom } from '@patchbay/devservers';

const SEED = 20_261_125;
const COUNT = 12_000;
// Seeded, so a failure reproduces with the printed seed.
const rand = seededRandom(SEED);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const kinds = Object.keys(MESSAGE_KINDS) as MessageKind[];
const utf8 = new TextEncoder();

function randomString(): string {
  const alphabets = ['0123456789', 'abcXYZ-_.', '+*#() ', '\u0000\u001f"\\é😀', 'sip:@'];
  const length = pick([0, 1, 5, 15, 18, 33, 65, 129, 600, 5000, 20_000]);
  const alphabet = pick(alphabets);
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[int(alphabet.length)];
  return s;
}

function randomValue(depth = 0): unknown {
  switch (int(depth > 2 ? 7 : 9)) {
    case 0:
      return pick([0, -1, 1.5, 2 ** 53, -0, 1e308, 4.5, 60.1, 8.64e15 + 1]);
    case 1:
      return randomString();
    case 2:
      return rand() < 0.5;
    case 3:
      return null;
    case 4:
      return pick(['available', 'inbound', 'blind', 'connected', 'ok', 'remote-hangup', 'alice', 'call-1']);
    case 5:
      return undefined;
    case 6:
      return int(10_000);
    case 7:
      return Array.from({ length: int(4) }, () => randomValue(depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['callId', 'on', 'x', '__proto__', 'constructor']), randomValue(depth + 1)]));
  }
}

function mutate(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || rand() < 0.05) return randomValue();
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys.length ? pick(keys) : 'x';
  switch (int(4)) {
    case 0:
      delete copy[key];
      break;
    case 1:
      copy[key] = randomValue();
      break;
    case 2:
      copy[pick(['extra', 'agentId', 'quality', 'v'])] = randomValue();
      break;
    default:
      copy[key] = mutate(copy[key]);
  }
  return copy;
}

function randomSubject(kind: MessageKind): string {
  const agent = rand() < 0.9 ? 'alice' : pick(['bob', 'a.b', '>', '', 'x'.repeat(70)]);
  const k = rand() < 0.95 ? kind : pick(['cmd.nope', 'state', 'cmd.dial.x', 'history.x']);
  const version = rand() < 0.98 ? 'v1' : 'v2';
  return `pb.${version}.agent.${agent}.${k}`;
}

function randomBytes(data: unknown): Uint8Array {
  const env: Record<string, unknown> = { v: 1, id: `m${int(1e6)}`, at: int(2e12), data };
  if (rand() < 0.05) env.v = pick([2, '1', 0, null]);
  if (rand() < 0.03) env.id = pick(['', 'a b', 7, 'x'.repeat(65)]);
  if (rand() < 0.03) env.at = pick([-1, 1.5, '1']);
  if (rand() < 0.02) delete env.data;
  let bytes = utf8.encode(JSON.stringify(rand() < 0.02 ? randomValue() : env) ?? 'undefined');
  if (rand() < 0.03) bytes = bytes.slice(0, int(bytes.length));
  if (rand() < 0.03) {
    bytes = bytes.slice();
    bytes[int(bytes.length)] = int(256);
  }
  if (rand() < 0.01) bytes = new Uint8Array(16 * 1024 + 1 + int(100)).fill(0x20);
  return bytes;
}

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'undefined';
const kindOf = (v: unknown): Kind => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as Kind));

/**
 * The oracle, derived from the examples (not from the validators): required keys are those every
 * example has, allowed keys those any has, and each field has a type seen in some example (a
 * nested object's fields likewise, from every example that has that object).
 */
function breaksType(value: unknown, samples: readonly Record<string, unknown>[], path: string): string | null {
  if (kindOf(value) !== 'object') return `${path} is ${kindOf(value)}`;
  const v = value as Record<string, unknown>;
  const allKeys = new Set(samples.flatMap((sample) => Object.keys(sample)));
  for (const key of allKeys) if (samples.every((sample) => key in sample) && !(key in v)) return `${path}.${key} missing`;
  for (const key of Object.keys(v)) {
    if (!allKeys.has(key)) return `${path}.${key} not in the type`;
    const seen = samples.filter((sample) => key in sample).map((sample) => sample[key]);
    const allowed = new Set(seen.map(kindOf));
    if (allowed.has('object')) allowed.add('null');
    if (!allowed.has(kindOf(v[key]))) return `${path}.${key} is ${kindOf(v[key])}`;
    if (typeof v[key] === 'number' && !Number.isFinite(v[key])) return `${path}.${key} not finite`;
    if (kindOf(v[key]) === 'object') {
      const nested = seen.filter((item): item is Record<string, unknown> => kindOf(item) === 'object');
      const problem = breaksType(v[key], nested, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return null;
}

test(`fuzz: ${COUNT} mutated messages (seed ${SEED}) never crash decode and never pass a broken type`, () => {
  const drops = new DropCounter();
  let accepted = 0;
  for (let i = 0; i < COUNT; i++) {
    const kind = pick(kinds);
    const base = EXAMPLES[kind][rand() < 0.5 ? 'full' : 'minimal'];
    const data = rand() < 0.85 ? mutate(base) : base;
    const subject = randomSubject(kind);
    const bytes = randomBytes(data);
    let result: ReturnType<typeof decodeAny>;
    try {
      result = decodeAny(subject, bytes, drops);
    } catch (error) {
      throw new Error(`message ${i} (seed ${SEED}) made decode throw: ${String(error)}`);
    }
    if (!result.ok) {
      expect(DROP_CODES).toContain(result.code);
      expect(result.reason.length).toBeGreaterThan(0);
      continue;
    }
    accepted += 1;
    expect(isAgentId(result.meta.agentId)).toBe(true);
    const example: { full: unknown; minimal: unknown; more?: readonly unknown[] } = EXAMPLES[result.kind];
    const samples = [example.minimal, example.full, ...(example.more ?? [])] as Record<string, unknown>[];
    const problem = breaksType(result.payload, samples, 'data');
    if (problem) throw new Error(`message ${i} (seed ${SEED}) passed validation but ${problem}: ${JSON.stringify(result.payload)}`);
    // What passed must be sendable again unchanged.
    const again = decodeAny(subject, encode(subject as Subject<unknown>, result.payload), new DropCounter());
    expect(again.ok && again.payload).toEqual(result.payload);
  }
  // The fuzzer must exercise both sides, and every rejection reason.
  expect(accepted).toBeGreaterThan(COUNT / 10);
  expect(drops.total).toBeGreaterThan(COUNT / 3);
  for (const code of DROP_CODES) expect(drops.byCode[code], code).toBeGreaterThan(0);
});
