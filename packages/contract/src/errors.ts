/**
 * Why a message was refused at the boundary. Each code is stable, shown in logs and counted, so an
 * operator can search for it.
 */
export const DROP_CODES = [
  /** The subject is not one of this contract's subjects (or not this version's). */
  'unknown-subject',
  /** More than MAX_MESSAGE_BYTES. */
  'oversized',
  /** Not UTF-8 JSON. */
  'not-json',
  /** JSON, but not `{ v, id, at, data }`. */
  'bad-envelope',
  /** Envelope of another contract version. */
  'version-mismatch',
  /** The payload does not match the subject's type. */
  'invalid-payload',
] as const;
export type DropCode = (typeof DROP_CODES)[number];

/** A message that cannot be sent or was refused on receipt; `code` says which rule it broke. */
export class ContractError extends Error {
  override name = 'ContractError';
  constructor(
    readonly code: DropCode,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${reason}`, options);
  }
}

/** An agent id that cannot be used as a subject token. */
export class InvalidAgentIdError extends Error {
  override name = 'InvalidAgentIdError';
  constructor(readonly value: unknown) {
    super(`invalid agent id ${JSON.stringify(value)}: use a Salesforce user id (15 or 18 letters and digits) or a stable id of 1..64 characters from A-Z a-z 0-9 _ -`);
  }
}
