import { subjects, type CallHistoryEntry, type CallSnapshot, type LogCallCommand } from '@patchbay/contract';
import type { Bus, Unsubscribe } from '@patchbay/bus';
import { log } from '../log.js';

/** The last snapshot of a call that ended, and how the agent wrapped it up. */
export interface LoggedCall {
  call: CallSnapshot;
  command: LogCallCommand;
}

const REMEMBERED_CALLS = 50;

function historyEntry(call: CallSnapshot): CallHistoryEntry | null {
  if (!call.callId || !call.direction || !call.remoteNumber || call.startedAt === null) return null;
  const talkMs = call.connectedAt !== null && call.endedAt !== null ? call.endedAt - call.connectedAt : 0;
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
 * wrap-up (log-call command) is added to it. Runs where the phone runs, once per agent.
 * `onLogged` is where a host files the call elsewhere (a Salesforce Task).
 */
export function startCallJournal(bus: Bus, onLogged: (logged: LoggedCall) => Promise<void>): Unsubscribe {
  const finished = new Map<string, CallSnapshot>();
  const append = (entry: CallHistoryEntry): void => {
    bus.history.append(entry).catch((error: unknown) => log('error', 'HISTORY-APPEND', `call ${entry.callId}: ${String(error)}`));
  };
  const offState = bus.subscribe(subjects.callState(bus.agentId), (call) => {
    if ((call.status !== 'ended' && call.status !== 'failed') || !call.callId || finished.has(call.callId)) return;
    finished.set(call.callId, call);
    if (finished.size > REMEMBERED_CALLS) finished.delete(finished.keys().next().value as string);
    const entry = historyEntry(call);
    if (entry) append(entry);
  });
  const offLog = bus.subscribe(subjects.logCall(bus.agentId), (command) => {
    const call = finished.get(command.callId);
    if (!call) {
      log('warn', 'LOG-CALL-UNKNOWN', `wrap-up for call ${command.callId}, which this phone did not finish`);
      return;
    }
    const entry = historyEntry(call);
    if (entry) append({ ...entry, ...(command.disposition ? { disposition: command.disposition } : {}), ...(command.notes ? { notes: command.notes } : {}) });
    onLogged({ call, command }).catch((error: unknown) => log('error', 'LOG-CALL', `call ${command.callId}: ${String(error)}`));
  });
  return () => {
    offState();
    offLog();
  };
}
