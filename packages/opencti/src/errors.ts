/**
 * Every failure the Open CTI adapter can report, one class per condition. Each has a stable `code`
 * the shell can show the agent and an operator can search for.
 */

export type OpenCtiApi = 'Lightning' | 'Classic';

/** Salesforce answered a call with an error; `message` is Salesforce's own description. */
export class SalesforceError extends Error {
  override name = 'SalesforceError';
  constructor(
    /** Lightning's error code (INVALID_PARAM, GENERIC_ERROR, SERVER_ERROR, ...), CLASSIC_ERROR for Classic's string errors. */
    readonly code: string,
    message: string,
    readonly method: string,
    /** Lightning's `details` (saveLog puts field errors there). */
    readonly details?: unknown,
  ) {
    super(`${method}: ${message}`);
  }
}

/**
 * An error in words for the agent: a SalesforceError with the field errors saveLog puts in its
 * `details` ({ message, fields } each), which say what was refused where the message does not.
 */
export function describeSalesforceError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof SalesforceError) || !Array.isArray(error.details)) return message;
  const details = error.details.flatMap((detail: unknown) =>
    typeof detail === 'object' && detail !== null && typeof (detail as { message?: unknown }).message === 'string' ? [(detail as { message: string }).message] : [],
  );
  return details.length > 0 ? `${message} (${details.join('; ')})` : message;
}

/** The method has no counterpart in this API: the adapter says so instead of pretending. */
export class NotSupportedInApi extends Error {
  override name = 'NotSupportedInApi';
  readonly code = 'OPENCTI_NOT_SUPPORTED';
  constructor(
    readonly method: string,
    readonly api: OpenCtiApi,
    hint?: string,
  ) {
    super(`${method} is not available in the Open CTI API for ${api}${hint ? `; ${hint}` : ''}`);
  }
}

/** Salesforce never answered; a call that matters (saveLog) must not be silently forgotten. */
export class SalesforceTimeoutError extends Error {
  override name = 'SalesforceTimeoutError';
  readonly code = 'OPENCTI_TIMEOUT';
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method}: Salesforce did not answer within ${timeoutMs} ms`);
  }
}

/** The adapter URL lacks the framing origin (`sfdcIframeOrigin` / `sfdcIFrameOrigin`), or carries a `mode` we do not know. */
export class AdapterUrlError extends Error {
  override name = 'AdapterUrlError';
  readonly code = 'OPENCTI_ADAPTER_URL';
}

/** The framing origin is not Salesforce and not configured: the script is never requested from it. */
export class OriginNotAllowedError extends Error {
  override name = 'OriginNotAllowedError';
  readonly code = 'OPENCTI_ORIGIN_REFUSED';
  constructor(readonly origin: string) {
    super(
      `Refusing to load Open CTI from ${JSON.stringify(origin)}: it is not a Salesforce domain ` +
        '(salesforce.com, force.com, visualforce.com, salesforce-setup.com over https) nor a configured extra origin',
    );
  }
}

/** The Open CTI script was refused by the network or did not define the API it should. */
export class ScriptLoadError extends Error {
  override name = 'ScriptLoadError';
  readonly code = 'OPENCTI_SCRIPT_LOAD';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not load Open CTI from ${url}: ${reason}`, options);
  }
}

/** A phone number that cannot be dialled (letters, empty, ...). */
export class InvalidPhoneNumberError extends Error {
  override name = 'InvalidPhoneNumberError';
  readonly code = 'OPENCTI_BAD_NUMBER';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`Cannot dial ${JSON.stringify(input)}: ${reason}`);
  }
}

/** Salesforce returned something that does not have the documented shape. */
export class UnexpectedResponseError extends Error {
  override name = 'UnexpectedResponseError';
  readonly code = 'OPENCTI_BAD_RESPONSE';
  constructor(
    readonly method: string,
    reason: string,
    readonly value: unknown,
  ) {
    super(`${method}: unexpected answer from Salesforce: ${reason}`);
  }
}

/** A finished call cannot become a Task as given (missing call id, over-long field, bad record id). */
export class InvalidCallLogError extends Error {
  override name = 'InvalidCallLogError';
  readonly code = 'OPENCTI_BAD_CALL_LOG';
  constructor(readonly problems: readonly string[]) {
    super(`Cannot log the call: ${problems.join('; ')}`);
  }
}

/** The call center's settings are missing or invalid; lists every problem so the admin fixes them at once. */
export class CallCenterSettingsError extends Error {
  override name = 'CallCenterSettingsError';
  readonly code = 'OPENCTI_SETTINGS';
  constructor(readonly problems: readonly SettingProblem[]) {
    super(`The call center settings are not valid: ${problems.map((p) => `${p.key}: ${p.problem}`).join('; ')}`);
  }
}

export interface SettingProblem {
  /** The flat key, e.g. /PatchbayEndpoints/BusUrl. */
  key: string;
  problem: string;
}

/** The credentials Apex class answered with something that is not usable credentials. */
export class InvalidCredentialsError extends Error {
  override name = 'InvalidCredentialsError';
  readonly code = 'OPENCTI_BAD_CREDENTIALS';
}

/**
 * The credentials service refused the agent's assertion or could not be reached; `code` is the
 * service's (ASSERTION-EXPIRED, ASSERTION-REPLAYED, ...) or CREDENTIALS_UNREACHABLE.
 */
export class CredentialsRefusedError extends Error {
  override name = 'CredentialsRefusedError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
