/**
 * A few hand-written validator combinators (no schema dependency). A validator never throws: it
 * returns the value rebuilt with only the declared fields, or the first reason it failed, with the
 * path of the offending field.
 */

export type Check<T> = { ok: true; value: T } | { ok: false; reason: string };
export type Validator<T> = (input: unknown, path: string) => Check<T>;

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'string') return `string of length ${input.length}`;
  if (typeof input === 'number') return Number.isFinite(input) ? `number ${input}` : String(input);
  return typeof input;
}

function fail(path: string, expected: string, input: unknown): { ok: false; reason: string } {
  return { ok: false, reason: `${path}: expected ${expected}, got ${input === undefined ? 'nothing (missing)' : describe(input)}` };
}

export function string(options: { min?: number; max: number; pattern?: RegExp; what?: string }): Validator<string> {
  const min = options.min ?? 0;
  const expected = options.what ?? `string of ${min}..${options.max} characters`;
  return (input, path) => {
    if (typeof input !== 'string' || input.length < min || input.length > options.max) return fail(path, expected, input);
    if (options.pattern && !options.pattern.test(input)) return { ok: false, reason: `${path}: expected ${expected}, got ${JSON.stringify(input.slice(0, 40))}` };
    return { ok: true, value: input };
  };
}

export function number(options: { integer?: boolean; min?: number; max?: number } = {}): Validator<number> {
  const min = options.min ?? -Number.MAX_VALUE;
  const max = options.max ?? Number.MAX_VALUE;
  const expected = `${options.integer ? 'integer' : 'finite number'} in ${min}..${max}`;
  return (input, path) => {
    if (typeof input !== 'number' || !Number.isFinite(input) || input < min || input > max) return fail(path, expected, input);
    if (options.integer && !Number.isSafeInteger(input)) return fail(path, expected, input);
    return { ok: true, value: input };
  };
}

export const boolean: Validator<boolean> = (input, path) => (typeof input === 'boolean' ? { ok: true, value: input } : fail(path, 'boolean', input));

export function oneOf<const T extends readonly string[]>(values: T): Validator<T[number]> {
  const allowed = new Set<string>(values);
  return (input, path) => (typeof input === 'string' && allowed.has(input) ? { ok: true, value: input as T[number] } : fail(path, `one of ${values.join('|')}`, input));
}

export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (input, path) => (input === null ? { ok: true, value: null } : inner(input, path));
}

/** An optional field: absent or undefined passes (and stays absent in the output). */
export function optional<T>(inner: Validator<T>): Validator<T | undefined> {
  return (input, path) => (input === undefined ? { ok: true, value: undefined } : inner(input, path));
}

/** A JSON array of at most `max` items, each checked by `item`. */
export function list<T>(item: Validator<T>, max: number): Validator<T[]> {
  return (input, path) => {
    if (!Array.isArray(input) || input.length > max) return fail(path, `array of at most ${max} items`, input);
    const out: T[] = [];
    for (const [index, value] of input.entries()) {
      const check = item(value, `${path}[${index}]`);
      if (!check.ok) return check;
      out.push(check.value);
    }
    return { ok: true, value: out };
  };
}

/**
 * Every key of T needs a validator (`keyof Required<T>`), and optional keys need one that accepts
 * undefined, so the compiler keeps a validator in step with its type.
 */
export type Shape<T> = { [K in keyof Required<T>]: Validator<T[K]> };

/** A plain JSON object; unknown fields are left out of the result, not copied through. */
export function object<T extends object>(shape: Shape<T>): Validator<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return (input, path) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(path, 'object', input);
    const record = input as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const value = Object.hasOwn(record, key) ? record[key] : undefined;
      const check = (shape[key] as Validator<unknown>)(value, `${path}.${key}`);
      if (!check.ok) return check;
      if (check.value !== undefined) out[key] = check.value;
    }
    return { ok: true, value: out as T };
  };
}

/**
 * A union told apart by one string field (`mode`, `type`…): the field picks the variant's
 * validator, so each variant keeps its own required fields.
 */
export function variants<T extends object, K extends keyof T & string>(key: K, byValue: { [V in T[K] & string]: Validator<Extract<T, Record<K, V>>> }): Validator<T> {
  const table: Record<string, Validator<T>> = byValue;
  const values = Object.keys(table);
  return (input, path) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(path, 'object', input);
    const tag = (input as Record<string, unknown>)[key];
    const validator = typeof tag === 'string' && Object.hasOwn(table, tag) ? table[tag] : undefined;
    if (validator === undefined) return fail(`${path}.${key}`, `one of ${values.join('|')}`, tag);
    return validator(input, path);
  };
}
