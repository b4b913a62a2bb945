import { isChosenStatus, subjects } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { describeError, log } from '../log.js';
import type { AgentStatus } from './agent-status.js';

/**
 * Stops the writer at once (nothing it hears or reads afterwards is written), and resolves once
 * the writes already on their way have landed or failed: the next writer starts after that.
 */
export type StopPresence = () => Promise<void>;

/**
 * The one writer of the agent's presence. It runs where the agent's phone runs (it knows the
 * call), takes the agent's `cmd.set-status` from the header or any widget, follows the call, and
 * stores each change through the bus store. A status it finds stored comes back after a reload;
 * one the phone set (a call that was going on) does not outlive the page that set it.
 */
export function keepPresence(bus: Bus, displayName: string, status: AgentStatus): StopPresence {
  let written: string | null = null;
  let chosenHere = false;
  let stopped = false;
  const landing = new Set<Promise<void>>();
  const write = (): void => {
    const next = status.status;
    if (stopped || next === written) return;
    written = next;
    const stored = bus.presence.set({ status: next, displayName }).catch((error: unknown) => {
      written = null;
      log('warn', 'PRESENCE', `status ${next} not stored: ${describeError(error)}`);
    });
    landing.add(stored);
    void stored.then(() => landing.delete(stored));
  };
  const offs = [
    bus.subscribe(subjects.setStatus(bus.agentId), ({ status: chosen }) => {
      chosenHere = true;
      status.choose(chosen);
      write();
    }),
    bus.subscribe(subjects.callState(bus.agentId), (snapshot) => {
      status.callChanged(snapshot);
      write();
    }),
    bus.subscribe(subjects.logCall(bus.agentId), ({ callId }) => {
      status.logged(callId);
      write();
    }),
  ];
  bus.presence.get(bus.agentId).then(
    (stored) => {
      if (stopped) return;
      if (stored && !chosenHere && isChosenStatus(stored.status)) status.choose(stored.status);
      written = stored?.status ?? null;
      write();
    },
    (error: unknown) => {
      log('warn', 'PRESENCE', `stored status not read: ${describeError(error)}`);
      write();
    },
  );
  return async () => {
    stopped = true;
    for (const off of offs) off();
    await Promise.all([...landing]);
  };
}
