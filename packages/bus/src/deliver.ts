/**
 * The receive side both transports share: decode at the boundary, drop with a logged reason, and
 * call the handler so that a throwing handler cannot break the subscription.
 */
import { ContractError, decode, decodeAny, isAgentId, parseSubject, subjects, type DropCounter, type MessageMeta, type PresenceState, type Subject } from '@patchbay/contract';
import { HandlerError, type BusError } from './errors.js';
import type { BusLogger } from './bus.js';

export interface ReceiveContext {
  drops: DropCounter;
  logger: BusLogger;
  reportError(error: BusError): void;
}

/** Refuses to listen on a subject outside the contract (a typo would otherwise never receive anything). */
export function requireSubject(subject: string): void {
  if (!parseSubject(subject)) throw new ContractError('unknown-subject', `${subject} is not a contract subject`);
}

export function deliver<T>(ctx: ReceiveContext, subject: Subject<T>, bytes: Uint8Array, handler: (payload: T, meta: MessageMeta) => void): void {
  const decoded = decode(subject, bytes, ctx.drops);
  if (!decoded.ok) {
    ctx.logger.warn(`bus: dropped message on ${decoded.subject} (${decoded.code}): ${decoded.reason}`, { code: decoded.code });
    return;
  }
  try {
    handler(decoded.payload, decoded.meta);
  } catch (error) {
    const failure = new HandlerError(subject, error);
    ctx.logger.warn(failure.message);
    ctx.reportError(failure);
  }
}

/** Decodes a presence value stored under `key`; null (logged, counted) when the key or value is invalid. */
export function decodePresence(ctx: ReceiveContext, key: string, bytes: Uint8Array): PresenceState | null {
  const subject = isAgentId(key) ? subjects.presence(key) : `presence key ${key}`;
  const decoded = decodeAny(subject, bytes, ctx.drops);
  if (!decoded.ok) {
    ctx.logger.warn(`bus: dropped presence of ${JSON.stringify(key)} (${decoded.code}): ${decoded.reason}`, { code: decoded.code });
    return null;
  }
  return decoded.kind === 'presence' ? decoded.payload : null;
}

export const consoleLogger: BusLogger = {
  // The bus's one sanctioned console use: the default logger, replaced by the shell's.
  // eslint-disable-next-line no-console
  warn: (message, details) => console.warn(message, details ?? ''),
};
