/**
 * State: facts the shell publishes for widgets to render. Call state is in call.ts.
 */
import type { CallDirection } from './call.js';
import type { PresenceStatus } from './commands.js';

/**
 * `pb.v1.agent.<agentId>.presence`: an agent's presence, as the bus store keeps it.
 * Emitted by the bus store (never by an agent: agents may not publish here) when it has stored a
 * `store.presence.set` for that agent. Not emitted when a write is refused.
 */
export interface PresenceState {
  /** Must equal the agent of the key/subject it is stored under; validation rejects a mismatch. */
  agentId: string;
  status: PresenceStatus;
  /** Epoch milliseconds when this status began. */
  since: number;
  displayName: string;
}

/**
 * One finished call in the agent's history: the payload of `store.history.append`, and of
 * `pb.v1.agent.<agentId>.history`, which the bus store publishes once it has stored one.
 * Sent when a call ends, and again with the merged log (disposition, notes) after each log-call.
 * The entries of one callId merge field by field, a later entry's fields over an earlier one's:
 * a field a later entry leaves out keeps its value. Not sent for a call that never left
 * `dialing` (nothing to log).
 */
export interface CallHistoryEntry {
  callId: string;
  direction: CallDirection;
  number: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationSec: number;
  disposition?: string;
  notes?: string;
}

/**
 * `…state.call-log`: how saving the call's log went, after each log-call.
 * Emitted by the shell once the merged log is stored in the call history and, inside Salesforce,
 * saved as the call's Task (`saved`, with the Task's id), or when either failed (`failed`, with
 * the reason; nothing is lost: the parts stay merged, and a log-call retries). Not emitted for a
 * log-call of a call that is not in the agent's recent history (nothing to save).
 */
export interface CallLogOutcome {
  callId: string;
  status: 'saved' | 'failed';
  /** The Salesforce Task's id; null when failed, or where there is no Salesforce (standalone). */
  taskId: string | null;
  /** Why it failed, in words for the agent; null when saved. */
  reason: string | null;
  /** Epoch milliseconds. */
  at: number;
}

export const WIDGET_HEALTH_STATUSES = ['ok', 'degraded', 'failed'] as const;
export type WidgetHealthStatus = (typeof WIDGET_HEALTH_STATUSES)[number];

/**
 * `…state.health`: a widget reports how it is.
 * Emitted when a widget loads, when its health changes, and when the shell's fallback tile replaces
 * a widget that failed to load (status `failed`). Not emitted periodically (no heartbeat).
 */
export interface WidgetHealth {
  /** The remote's name as in the widget manifest, e.g. `dialpad`. */
  widget: string;
  version: string;
  status: WidgetHealthStatus;
  detail?: string;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * `…query.call` request payload: ask the phone for the latest CallSnapshot.
 * Emitted when a widget loads late (after the call began) or reconnects. Not emitted to follow a
 * call: subscribe to `state.call` for that.
 */
export type CallStateQuery = Record<string, never>;

/**
 * `…state.phone-window`: where the agent's phone runs.
 * Emitted by the phone window when it takes the agent's phone (`open` true) and when it gives it
 * back as it closes (`open` false). Not emitted by Salesforce tabs, nor periodically: a tab that
 * needs to know asks `query.phone-window`, which only an open phone window answers.
 */
export interface PhoneWindowState {
  open: boolean;
  /** Epoch milliseconds. */
  at: number;
}

/** `…query.phone-window` request payload: is a phone window running the agent's phone? */
export type PhoneWindowQuery = Record<string, never>;

/**
 * `…query.phone-handover` request payload: the phone window asks the Salesforce tab that runs the
 * agent's phone to stop it so the window can take it. Sent by the phone window only.
 */
export type PhoneHandoverRequest = Record<string, never>;

/**
 * The answer to `query.phone-handover`: `released` once the tab has signed its phone out; false
 * with the reason while it cannot (a call is up), and the window asks again later.
 */
export interface PhoneHandoverReply {
  released: boolean;
  reason: string | null;
}

/**
 * `…query.phone-renewal` request payload: the phone window asks for renewed credentials once the
 * Salesforce tab it is linked to is gone (closed, or reloading). Sent by the phone window only;
 * answered by the Salesforce tab that holds the agent's phone while the window runs it.
 */
export type PhoneRenewalRequest = Record<string, never>;

/**
 * Credentials sealed to the phone window's key (ECDH P-256, HKDF-SHA-256, AES-256-GCM), base64:
 * only the window that pinned its key in the agent's Salesforce tabs can open them, so a reply
 * read or asked for by anything else on the agent's bus reveals nothing.
 */
export interface SealedCredentials {
  /** The answering tab's one-time public key (raw P-256 point). */
  key: string;
  /** The AES-GCM nonce. */
  iv: string;
  /** The ciphertext with its tag. */
  data: string;
}

/** The answer to `query.phone-renewal`: the sealed credentials, or why there are none (`refused`). */
export interface PhoneRenewalReply {
  sealed: SealedCredentials | null;
  refused: string | null;
}

/**
 * The bus store's answer to a write (`store.presence.set`, `store.history.append`): `refused`
 * says why it was not stored (invalid, rate-limited, storage unavailable); null means stored.
 */
export interface StoreReceipt {
  refused: string | null;
}

/**
 * `…store.presence.list` request payload: one page of the team's presence, agents in id order,
 * starting after `after` (absent: from the first); with `agent`, only that agent's.
 */
export interface PresenceListQuery {
  after?: string;
  agent?: string;
}

/** A page of the team's presence; `next` is the `after` of the following page, null on the last. */
export interface PresenceList {
  states: PresenceState[];
  next: string | null;
  refused: string | null;
}

/** `…store.history.recent` request payload: the agent's newest calls, one entry per call. */
export interface HistoryQuery {
  /** 1..500. */
  limit: number;
}

/**
 * The agent's newest calls, newest first; `truncated` when fewer than asked fit in one reply
 * (MAX_REPLY_BYTES), the oldest being left out.
 */
export interface HistoryPage {
  entries: CallHistoryEntry[];
  truncated: boolean;
  refused: string | null;
}
