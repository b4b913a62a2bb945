import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '@patchbay/contract/examples';
import type { CallSnapshot } from '@patchbay/contract';
import { DEFAULT_BINDINGS, actionFor, chordOf, describeChord, readBindings, rebind } from '../../shell/src/hotkeys/bindings.js';
import { commandFor } from '../../shell/src/hotkeys/hotkeys.js';

const press = (code: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {}) => ({ code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods });

describe('hotkey chords', () => {
  it('reads a chord from a press by key position, and none from plain typing or a lone modifier', () => {
    expect(chordOf(press('KeyP', { altKey: true, shiftKey: true }))).toBe('Alt+Shift+KeyP');
    expect(chordOf(press('KeyP', { shiftKey: true }))).toBeNull();
    expect(chordOf(press('Digit5'))).toBeNull();
    expect(chordOf(press('AltLeft', { altKey: true }))).toBeNull();
    expect(describeChord('Ctrl+Alt+Digit5')).toBe('Ctrl+Alt+5');
  });

  it('gives every action its own default chord, none of the browser ones it avoids', () => {
    const chords = Object.values(DEFAULT_BINDINGS);
    expect(new Set(chords).size).toBe(chords.length);
    for (const taken of ['Alt+Shift+KeyA', 'Alt+Shift+KeyB', 'Alt+Shift+KeyI', 'Alt+Shift+KeyT']) expect(chords).not.toContain(taken);
  });

  it('keeps the defaults for what stored bindings do not say well, and swaps when a chord moves to another action', () => {
    expect(readBindings('not json')).toEqual(DEFAULT_BINDINGS);
    expect(readBindings(JSON.stringify({ answer: 'Shift+KeyQ', hangup: 'Alt+Shift+KeyK', mute: 'Alt+Bogus+KeyM' }))).toEqual({ ...DEFAULT_BINDINGS, hangup: 'Alt+Shift+KeyK' });
    const swapped = rebind(DEFAULT_BINDINGS, 'answer', DEFAULT_BINDINGS.hangup);
    expect(actionFor(swapped, DEFAULT_BINDINGS.hangup)).toBe('answer');
    expect(swapped.hangup).toBe(DEFAULT_BINDINGS.answer);
  });
});

describe('what a call hotkey sends', () => {
  const call = (status: CallSnapshot['status'], muted = false): CallSnapshot => ({ ...EXAMPLES['state.call'].full, consult: null, transfer: null, callId: 'call-1', status, muted });
  const sent = async (send: ReturnType<typeof commandFor>): Promise<[string, unknown] | null> => {
    if (!send) return null;
    let got: [string, unknown] | null = null;
    await send({
      agentId: 'a',
      publish: async (subject: string, payload: unknown) => {
        got = [subject.split('.').slice(-1)[0]!, payload];
      },
    } as never);
    return got;
  };

  it('answers or declines only a call ringing in, holds only a call up, and does nothing without a call', async () => {
    expect(await sent(commandFor('answer', call('ringing-in')))).toEqual(['answer', { callId: 'call-1' }]);
    expect(await sent(commandFor('answer', call('connected')))).toBeNull();
    expect(await sent(commandFor('decline', call('ringing-in')))).toEqual(['decline', { callId: 'call-1' }]);
    expect(await sent(commandFor('hold', call('connected')))).toEqual(['hold', { callId: 'call-1', on: true }]);
    expect(await sent(commandFor('hold', call('on-hold')))).toEqual(['hold', { callId: 'call-1', on: false }]);
    expect(await sent(commandFor('hold', call('dialing')))).toBeNull();
    expect(await sent(commandFor('mute', call('connected', true)))).toEqual(['mute', { callId: 'call-1', on: false }]);
    expect(await sent(commandFor('hangup', call('ended')))).toBeNull();
    expect(await sent(commandFor('hangup', null))).toBeNull();
  });
});
