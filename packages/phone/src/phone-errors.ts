/**
 * Errors the phone raises, one class per condition, each with a code the shell can show the
 * agent and an operator can search for.
 */
export class PhoneError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

export class GatewayUnreachableError extends PhoneError {
  override name = 'GatewayUnreachableError';
  constructor(servers: readonly string[], cause?: unknown) {
    super('PHONE-001', `cannot open a session on the Janus gateway at ${servers.join(' or ')}`, { cause });
  }
}

export class RegistrationFailedError extends PhoneError {
  override name = 'RegistrationFailedError';
  constructor(
    readonly sipCode: number | undefined,
    /** The registrar's (or gateway's) own words. */
    readonly reason: string,
  ) {
    super('PHONE-002', `SIP registration refused${sipCode === undefined ? '' : ` (${sipCode})`}: ${reason}`);
  }
}

export class NotRegisteredError extends PhoneError {
  override name = 'NotRegisteredError';
  constructor(action: string) {
    super('PHONE-003', `cannot ${action}: the phone is not connected to the gateway; wait for it to reconnect`);
  }
}

export class NoCallError extends PhoneError {
  override name = 'NoCallError';
  constructor(action: string, status: string) {
    super('PHONE-004', `cannot ${action} while the call is ${status}`);
  }
}

export class MediaError extends PhoneError {
  override name = 'MediaError';
  constructor(action: string, cause: unknown) {
    super('PHONE-005', `${action} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export class PhoneInUseError extends PhoneError {
  override name = 'PhoneInUseError';
  constructor(username: string) {
    super('PHONE-006', `the phone for ${username} is already running in another tab; use that tab or close it`);
  }
}

/** A transfer step that cannot be taken now (a consultation or another transfer is in the way). */
export class TransferError extends PhoneError {
  override name = 'TransferError';
  constructor(action: string, reason: string) {
    super('PHONE-007', `cannot ${action}: ${reason}`);
  }
}

/** The credential source handed out a gateway token or SIP credential that had already expired. */
export class ExpiredCredentialError extends PhoneError {
  override name = 'ExpiredCredentialError';
  constructor(what: string, expiresAt: number) {
    super('PHONE-008', `the ${what} the phone was given had expired (at ${new Date(expiresAt).toISOString()})`);
  }
}
