/**
 * State: facts the shell publishes for widgets to render. Call state is in call.ts.
 */
import type { CallDirection } from './call.js';
import type { PresenceStatus } from './commands.js';

/**
 * An agent's presence, the value of the agent's key in the presence bucket.
 * Emitted when the agent's status changes (by the agent, or by the shell when the softphone opens
 * or closes). Not emitted when only the display name would change.
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
 * One finished call in the agent's history (appended to the history stream).
 * Emitted when a call ends, and again with disposition/notes when the agent logs it (the latest
 * entry for a callId wins). Not emitted for a call that never left `dialing` (nothing to log).
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
