import { latestSnapshot, type CallSnapshot } from '@patchbay/contract';
import { BusBinding, followCallState, type Bus, type Unsubscribe } from '@patchbay/bus';

/**
 * The agent's call for a part of the shell, as widgets follow it: the phone's latest snapshot first
 * (a tab reloaded during a call knows the call at once, not at its next change), then each newer
 * one. `onCall` hears each call that is newer than the last, with the one it replaces.
 */
export function followCall(bus: Bus, onCall: (call: CallSnapshot, previous: CallSnapshot | null) => void): Unsubscribe {
  const binding = new BusBinding();
  let last: CallSnapshot | null = null;
  binding.bind(bus, (bound) => [
    followCallState(bound, binding, (snapshot) => {
      const next = latestSnapshot(last, snapshot);
      if (next === last) return;
      const previous = last;
      last = next;
      onCall(next, previous);
    }),
  ]);
  return () => binding.unbind();
}
