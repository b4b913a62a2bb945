import { subjects, type CallDirection, type CallHistoryEntry, type CallSnapshot, type LogCallCommand } from '@patchbay/contract';
import type { Bus, Unsubscribe } from '@patchbay/bus';
import { log } from '../log.js';

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

/** A finished call and how the agent wrapped it up. */
export interface LoggedCall {
  call: FinishedCall;
  command: LogCallCommand;
}

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

function historyEntry(call: FinishedCall): CallHistoryEntry {
  const talkMs = call.connectedAt === null ? 0 : call.endedAt - call.connectedAt;
  return {
    callId: call.callId,
    direction: call.direction,
    number: call.remoteNumber,
    startedAt: call.startedAt,
    durationSec: Math.max(0, Math.round(talkMs / 1000)),
  };
}

/**
 * Keeps the agent's call history: every call that ends goes into the history stream, and its
 * wrap-up (log-call command) is added to it, also for a call that ended before a reload.
 * Runs where the phone runs, once per agent. `onLogged` is where a host files the call elsewhere
 * (a Salesforce Task).
 */
export function startCallJournal(bus: Bus, onLogged: (logged: LoggedCall) => Promise<void>): Unsubscribe {
  const finished = new Map<string, FinishedCall>();
  const append = (entry: CallHistoryEntry): void => {
    bus.history.append(entry).catch((error: unknown) => log('error', 'HISTORY-APPEND', `call ${entry.callId}: ${String(error)}`));
  };
  const lookUp = async (callId: string): Promise<FinishedCall | null> => {
    const known = finished.get(callId);
    if (known) return known;
    const entry = (await bus.history.recent(HISTORY_LOOKBACK)).find((candidate) => candidate.callId === callId);
    return entry ? finishedFromHistory(entry) : null;
  };
  const offState = bus.subscribe(subjects.callState(bus.agentId), (snapshot) => {
    if ((snapshot.status !== 'ended' && snapshot.status !== 'failed') || !snapshot.callId || finished.has(snapshot.callId)) return;
    const call = finishedFromSnapshot(snapshot);
    if (!call) return;
    finished.set(call.callId, call);
    if (finished.size > REMEMBERED_CALLS) finished.delete(finished.keys().next().value as string);
    append(historyEntry(call));
  });
  const offLog = bus.subscribe(subjects.logCall(bus.agentId), (command) => {
    lookUp(command.callId)
      .then(async (call) => {
        if (!call) {
          log('warn', 'LOG-CALL-UNKNOWN', `wrap-up for call ${command.callId}, which is not in this agent's recent history`);
          return;
        }
        append({ ...historyEntry(call), ...(command.disposition ? { disposition: command.disposition } : {}), ...(command.notes ? { notes: command.notes } : {}) });
        await onLogged({ call, command });
      })
      .catch((error: unknown) => log('error', 'LOG-CALL', `call ${command.callId}: ${String(error)}`));
  });
  return () => {
    offState();
    offLog();
  };
}
