import { isCallActive, subjects, type CallSnapshot } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { followCall } from '../calls/follow-call.js';
import { describeError, log } from '../log.js';
import { actionFor, chordOf, type Bindings, type HotkeyAction } from './bindings.js';

/** The bus command a call hotkey sends for the call as it is, or null when it does not apply now. */
export function commandFor(action: Exclude<HotkeyAction, 'focus-dialpad'>, call: CallSnapshot | null): ((bus: Bus) => Promise<void>) | null {
  const callId = call?.callId;
  if (!call || !callId || !isCallActive(call.status)) return null;
  switch (action) {
    case 'answer':
      return call.status === 'ringing-in' ? (bus) => bus.publish(subjects.answer(bus.agentId), { callId }) : null;
    case 'decline':
      return call.status === 'ringing-in' ? (bus) => bus.publish(subjects.decline(bus.agentId), { callId }) : null;
    case 'hangup':
      return (bus) => bus.publish(subjects.hangup(bus.agentId), { callId });
    case 'mute':
      return call.status === 'ringing-in' ? null : (bus) => bus.publish(subjects.mute(bus.agentId), { callId, on: !call.muted });
    case 'hold':
      return call.status === 'connected' || call.status === 'on-hold' ? (bus) => bus.publish(subjects.hold(bus.agentId), { callId, on: call.status === 'connected' }) : null;
  }
}

export interface HotkeySetup {
  /** The shell's document: widgets render in it (open shadow roots), so their key presses reach it too. */
  document: Document;
  bindings: () => Bindings;
  bus: Bus;
  /** Moves focus to the dialpad; false when there is none on the page. */
  focusDialpad: () => boolean;
}

/**
 * Acts on the agent's hotkeys while focus is anywhere in the softphone, widgets included. A chord
 * that is bound is taken (not typed, not passed to the browser) even when it does nothing now.
 */
export function listenForHotkeys({ document, bindings, bus, focusDialpad }: HotkeySetup): () => void {
  let call: CallSnapshot | null = null;
  const off = followCall(bus, (latest) => (call = latest));
  const onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.repeat) return;
    const chord = chordOf(event);
    const action = chord === null ? null : actionFor(bindings(), chord);
    if (action === null) return;
    event.preventDefault();
    if (action === 'focus-dialpad') {
      focusDialpad();
      return;
    }
    const send = commandFor(action, call);
    if (!send) return;
    send(bus).catch((error: unknown) => log('warn', 'HOTKEY', `${action}: ${describeError(error)}`));
  };
  document.addEventListener('keydown', onKey);
  return () => {
    off();
    document.removeEventListener('keydown', onKey);
  };
}
