/** Readers for the untyped values Salesforce hands back, and the query strings it takes. */
import { UnexpectedResponseError } from './errors.js';

/** Reads an optional string field of an untyped payload. */
export function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const field = (value as Record<string, unknown>)[key];
  if (typeof field === 'string' && field !== '') return field;
  if (typeof field === 'number') return String(field);
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `name=acme&phone=(212) 555-5555`, the query string both APIs document for runApex/saveLog. */
export function toQueryString(fields: Record<string, string | number | boolean>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}

/** Settings as Salesforce's flat `/<section>/<item>` keys with string values. */
export function flatStrings(method: string, value: unknown): Record<string, string> {
  if (!isRecord(value)) throw new UnexpectedResponseError(method, 'settings are not an object', value);
  const flat: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') flat[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') flat[key] = String(entry);
  }
  return flat;
}
