/** One class per failure; `code` is stable for the shell to show and operators to search. */

export abstract class BusError extends Error {
  abstract readonly code: string;
}

/** The server refused a publish or subscription outside this agent's permissions. */
export class PermissionDeniedError extends BusError {
  override name = 'PermissionDeniedError';
  readonly code = 'BUS-PERMISSION';
  constructor(
    readonly operation: 'publish' | 'subscription',
    readonly subject: string,
    options?: { cause?: unknown },
  ) {
    super(`permission denied: ${operation} on ${subject} is outside this agent's subjects`, options);
  }
}

/** The bus stayed unreachable for longer than the publish may wait. */
export class PublishTimeoutError extends BusError {
  override name = 'PublishTimeoutError';
  readonly code = 'BUS-PUBLISH-TIMEOUT';
  constructor(
    readonly subject: string,
    waitedMs: number,
  ) {
    super(`not sent: the bus was unreachable for ${waitedMs} ms (publish on ${subject}); try again when it is back`);
  }
}

/** The bus was closed (or the server refused the credentials) before the operation finished. */
export class BusClosedError extends BusError {
  override name = 'BusClosedError';
  readonly code = 'BUS-CLOSED';
  constructor(what: string, options?: { cause?: unknown }) {
    super(`bus closed: ${what} did not complete`, options);
  }
}

/**
 * nats-server refused the credentials on the first connect (a wrong, expired or foreign JWT):
 * `message` is the server's words. A refused reconnect is retried instead (the JWT may be renewed).
 */
export class CredentialsRefusedError extends BusError {
  override name = 'CredentialsRefusedError';
  readonly code = 'BUS-CREDENTIALS-REFUSED';
  constructor(
    readonly server: string,
    readonly serverMessage: string,
  ) {
    super(`${server} refused the bus credentials: ${serverMessage}`);
  }
}

/**
 * A message larger than the server accepts (its INFO's max_payload): sent, it would make
 * nats-server close the connection, so it is refused here and the connection stays.
 */
export class PayloadTooLargeError extends BusError {
  override name = 'PayloadTooLargeError';
  readonly code = 'BUS-PAYLOAD-TOO-LARGE';
  constructor(
    readonly subject: string,
    size: number,
    limit: number,
  ) {
    super(`not sent: ${size} bytes on ${subject}, the server accepts at most ${limit}`);
  }
}

/** Too many publishes waiting for the bus to come back. */
export class OutboxFullError extends BusError {
  override name = 'OutboxFullError';
  readonly code = 'BUS-OUTBOX-FULL';
  constructor(
    readonly subject: string,
    limit: number,
  ) {
    super(`not sent: ${limit} publishes already wait for the bus (publish on ${subject})`);
  }
}

/** Nobody answers requests on the subject (e.g. the phone is not running). */
export class NoResponderError extends BusError {
  override name = 'NoResponderError';
  readonly code = 'BUS-NO-RESPONDER';
  constructor(readonly subject: string) {
    super(`no responder on ${subject}`);
  }
}

export class RequestTimeoutError extends BusError {
  override name = 'RequestTimeoutError';
  readonly code = 'BUS-REQUEST-TIMEOUT';
  constructor(
    readonly subject: string,
    timeoutMs: number,
  ) {
    super(`no reply on ${subject} within ${timeoutMs} ms`);
  }
}

/** A message handler or responder threw; the bus logged it and carried on. */
export class HandlerError extends BusError {
  override name = 'HandlerError';
  readonly code = 'BUS-HANDLER';
  constructor(
    readonly subject: string,
    cause: unknown,
  ) {
    super(`handler for ${subject} threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** presence.set for an agent other than the bus's own. */
export class NotOwnAgentError extends BusError {
  override name = 'NotOwnAgentError';
  readonly code = 'BUS-NOT-OWN-AGENT';
  constructor(own: string, other: string) {
    super(`agent ${own} may write only its own presence, not ${other}`);
  }
}

/** The transport failed in a way none of the classes above describes; `cause` has the details. */
export class BusTransportError extends BusError {
  override name = 'BusTransportError';
  readonly code = 'BUS-TRANSPORT';
  constructor(what: string, cause: unknown) {
    super(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The shell refused what a widget asked of its bus (`reason` says why, from the contract's
 * WIDGET_REACH): widgets send commands, watch state and ask queries; the rest is the shell's.
 */
export class WidgetRefusedError extends BusError {
  override name = 'WidgetRefusedError';
  readonly code = 'BUS-WIDGET-REFUSED';
  constructor(
    readonly subject: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The bus store refused a presence or history request; `reason` is its words. */
export class StoreRefusedError extends BusError {
  override name = 'StoreRefusedError';
  readonly code = 'BUS-STORE-REFUSED';
  constructor(
    what: string,
    readonly reason: string,
  ) {
    super(`the bus store refused ${what}: ${reason}`);
  }
}
