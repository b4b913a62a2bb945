/**
 * The one bus interface widgets and the shell use. Two transports implement it: NATS over
 * WebSocket (connectNatsBus) and an in-page bus for a widget developed alone (createInPageBus).
 * Both validate every message with @patchbay/contract on the way out and on the way in.
 */
import type { AgentId, CallHistoryEntry, DropCounter, MessageMeta, PresenceState, PresenceStatus, RequestSubject, Subject } from '@patchbay/contract';
import type { BusError } from './errors.js';

/**
 * `connected`: messages flow. `reconnecting`: the link dropped and the client is retrying by itself
 * (forever, with backoff); publishes wait. `disconnected`: closed for good (close() was called or
 * the credentials were refused); nothing more will flow.
 */
export type BusStatus = 'connected' | 'reconnecting' | 'disconnected';
export type Unsubscribe = () => void;
export type MessageHandler<T> = (payload: T, meta: MessageMeta) => void;
export type Responder<Q, R> = (payload: Q, meta: MessageMeta) => R | Promise<R>;

/** Where the bus reports dropped messages and handler failures; the console by default. */
export interface BusLogger {
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface PresenceUpdate {
  status: PresenceStatus;
  displayName: string;
  /** Epoch ms the status began; now when omitted. */
  since?: number;
}

/** Presence of the team; an agent writes only its own. */
export interface PresenceStore {
  /** The agent's stored presence, or null when it never set one. */
  get(agent: AgentId): Promise<PresenceState | null>;
  /** Stores this bus's agent's presence; it survives reloads and reaches every watcher. */
  set(update: PresenceUpdate): Promise<void>;
  /**
   * Calls `listener` with every agent's current presence, then with each change, live. Invalid
   * values are dropped (logged, counted). Resolves once the watch is running.
   */
  watch(listener: (state: PresenceState) => void): Promise<Unsubscribe>;
}

/** This agent's call history. */
export interface CallHistory {
  /** Appends an entry; resolves once it is stored. */
  append(entry: CallHistoryEntry): Promise<void>;
  /**
   * The most recent `limit` calls, newest first, one per callId (a later entry for the same call,
   * e.g. with the disposition added, replaces the earlier one).
   */
  recent(limit: number): Promise<CallHistoryEntry[]>;
}

export interface Bus {
  readonly agentId: AgentId;
  readonly status: BusStatus;
  /** Messages refused on receipt by this bus, per reason. */
  readonly drops: DropCounter;
  onStatus(listener: (status: BusStatus) => void): Unsubscribe;
  /** Errors that belong to no single call: permission violations, handler failures. */
  onError(listener: (error: BusError) => void): Unsubscribe;
  /**
   * Validates and sends. Resolves once the server has the message; while reconnecting it waits and
   * sends after the reconnect; rejects (never drops silently) with ContractError, PermissionDeniedError,
   * PublishTimeoutError or BusClosedError.
   */
  publish<T>(subject: Subject<T>, payload: T): Promise<void>;
  /** Handler gets only valid payloads; the subscription survives reconnects. */
  subscribe<T>(subject: Subject<T>, handler: MessageHandler<T>): Unsubscribe;
  request<Q, R>(subject: RequestSubject<Q, R>, payload: Q, options?: { timeoutMs?: number }): Promise<R>;
  reply<Q, R>(subject: RequestSubject<Q, R>, responder: Responder<Q, R>): Unsubscribe;
  readonly presence: PresenceStore;
  readonly history: CallHistory;
  /** Fails waiting publishes with BusClosedError, stops everything, status becomes `disconnected`. */
  close(): Promise<void>;
}
