import { isCallActive, subjects, type CallDirection, type CallHistoryEntry, type CallSnapshot } from '@patchbay/contract';
import type { Bus, Unsubscribe } from '@patchbay/bus';
import { describeError, log } from '../log.js';
import { mergeWrapUp, wrapUpOfEntry, type WrapUp } from './wrap-up.js';

/** A finished call as the host files it. */
export interface FinishedCall {
  callId: string;
  direction: CallDirection;
  remoteNumber: string;
  startedAt: number;
  /** Null when the call never connected. */
  connectedAt: number | null;
  endedAt: number;
}

/** A finished call and its log as the parts merged so far. */
export interface LoggedCall {
  call: FinishedCall;
  wrapUp: WrapUp;
}

/** Files a logged call with the host; resolves with the Task's id, or null where there is none. */
export type FileCall = (logged: LoggedCall) => Promise<string | null>;

const REMEMBERED_CALLS = 50;
/** How far back a wrap-up may reach for a call this page did not see end (a reload in between). */
const HISTORY_LOOKBACK = 100;

function finishedFromSnapshot(call: CallSnapshot): FinishedCall | null {
  if (!call.callId || !call.direction || !call.remoteNumber || call.startedAt === null || call.endedAt === null) return null;
  return { callId: call.callId, direction: call.direction, remoteNumber: call.remoteNumber, startedAt: call.startedAt, connectedAt: call.connectedAt, endedAt: call.endedAt };
}

/**
 * From the history stream, for a call that ended before this page loaded. The entry keeps talk
 * time, not when the call was answered, so talk is placed at the start: the duration is exact,
 * the end time early by the ring time.
 */
function finishedFromHistory(entry: CallHistoryEntry): FinishedCall {
  const talkMs = entry.durationSec * 1000;
  return {
    callId: entry.callId,
    direction: entry.direction,
    remoteNumber: entry.number,
    startedAt: entry.startedAt,
    connectedAt: talkMs > 0 ? entry.startedAt : null,
    endedAt: entry.startedAt + talkMs,
  };
}

function historyEntry(call: FinishedCall, wrapUp: WrapUp): CallHistoryEntry {
  const talkMs = call.connectedAt === null ? 0 : call.endedAt - call.connectedAt;
  return {
    callId: call.callId,
    direction: call.direction,
    number: call.remoteNumber,
    startedAt: call.startedAt,
    durationSec: Math.max(0, Math.round(talkMs / 1000)),
    ...(wrapUp.disposition !== undefined ? { disposition: wrapUp.disposition } : {}),
    ...(wrapUp.notes !== undefined ? { notes: wrapUp.notes } : {}),
  };
}

/** Keeps the newest `max` entries of a map (insertion order), dropping the oldest. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
}

/**
 * Keeps the agent's call history and the calls' logs: every call that ends goes into the history
 * stream, and the parts of its log (log-call commands from any widget, during the call or after
 * it) are merged field by field (mergeWrapUp), stored in the history as the merged log, and filed
 * with the host (`file`: a Salesforce Task), also for a call that ended before a reload. After each
 * save, `state.call-log` says how it went. Runs where the phone runs, once per agent.
 */
export function startCallJournal(bus: Bus, file: FileCall): Unsubscribe {
  const finished = new Map<string, FinishedCall>();
  /** The merged log of each call a part came for in this page (the history has the others'). */
  const wrapUps = new Map<string, WrapUp>();
  /** Each call's work in turn: parts merge in the order they came, and saves never overtake. */
  const turns = new Map<string, Promise<void>>();
  let current: string | null = null;

  const inTurn = (callId: string, work: () => Promise<void>): void => {
    const next = (turns.get(callId) ?? Promise.resolve()).then(work).catch((error: unknown) => log('error', 'LOG-CALL', `call ${callId}: ${describeError(error)}`));
    turns.set(callId, next);
    void next.then(() => {
      if (turns.get(callId) === next) turns.delete(callId);
    });
  };
  const tell = (callId: string, outcome: { taskId: string } | { taskId: null } | { failed: string }): void => {
    const payload =
      'failed' in outcome
        ? { callId, status: 'failed' as const, taskId: null, reason: outcome.failed.slice(0, 512) || 'unknown error', at: Date.now() }
        : { callId, status: 'saved' as const, taskId: outcome.taskId, reason: null, at: Date.now() };
    bus.publish(subjects.callLogOutcome(bus.agentId), payload).catch((error: unknown) => log('warn', 'LOG-CALL', `outcome for ${callId}: ${describeError(error)}`));
  };
  /** Stores the merged log in the history, files it, and says how that went; nothing is lost on failure. */
  const save = async (call: FinishedCall, wrapUp: WrapUp): Promise<void> => {
    try {
      await bus.history.append(historyEntry(call, wrapUp));
      tell(call.callId, { taskId: await file({ call, wrapUp }) });
    } catch (error) {
      log('warn', 'LOG-CALL', `call ${call.callId} not saved: ${describeError(error)}`);
      tell(call.callId, { failed: describeError(error) });
    }
  };
  /** The finished call and its log so far, from this page's memory or from the history stream. */
  const lookUp = async (callId: string): Promise<{ call: FinishedCall; wrapUp: WrapUp } | null> => {
    const known = finished.get(callId);
    if (known) return { call: known, wrapUp: wrapUps.get(callId) ?? {} };
    const entry = (await bus.history.recent(HISTORY_LOOKBACK)).find((candidate) => candidate.callId === callId);
    return entry ? { call: finishedFromHistory(entry), wrapUp: wrapUps.get(callId) ?? wrapUpOfEntry(entry) } : null;
  };

  const offState = bus.subscribe(subjects.callState(bus.agentId), (snapshot) => {
    if (snapshot.callId && isCallActive(snapshot.status)) current = snapshot.callId;
    if ((snapshot.status !== 'ended' && snapshot.status !== 'failed') || !snapshot.callId || finished.has(snapshot.callId)) return;
    const call = finishedFromSnapshot(snapshot);
    if (!call) return;
    remember(finished, call.callId, call, REMEMBERED_CALLS);
    if (current === call.callId) current = null;
    inTurn(call.callId, async () => {
      const wrapUp = wrapUps.get(call.callId);
      // Parts given during the call are saved now that it has ended.
      if (wrapUp) return save(call, wrapUp);
      await bus.history.append(historyEntry(call, {})).catch((error: unknown) => log('error', 'HISTORY-APPEND', `call ${call.callId}: ${describeError(error)}`));
    });
  });
  const offLog = bus.subscribe(subjects.logCall(bus.agentId), (part) => {
    const { callId } = part;
    inTurn(callId, async () => {
      if (callId === current && !finished.has(callId)) {
        // A part for the call in progress: kept until the call ends, then saved with it.
        remember(wrapUps, callId, mergeWrapUp(wrapUps.get(callId) ?? {}, part), REMEMBERED_CALLS);
        return;
      }
      const found = await lookUp(callId);
      if (!found) {
        log('warn', 'LOG-CALL-UNKNOWN', `log for call ${callId}, which is neither in progress nor in this agent's recent history`);
        return;
      }
      const wrapUp = mergeWrapUp(found.wrapUp, part);
      remember(wrapUps, callId, wrapUp, REMEMBERED_CALLS);
      await save(found.call, wrapUp);
    });
  });
  return () => {
    offState();
    offLog();
  };
}
