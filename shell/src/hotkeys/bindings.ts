/**
 * The softphone's hotkeys: what each does, the defaults, and an agent's own choices. Pure.
 *
 * Defaults are Alt+Shift with a letter: the softphone sees keys only while focus is in its frame,
 * so Salesforce's own shortcuts (pressed in Salesforce's page) never reach it. Chromium's own
 * Alt+Shift chords (A, B, I, T: dialog, bookmarks bar, feedback and toolbar focus) are left alone;
 * in Firefox Alt+Shift is the page's accesskey chord, and the shell defines no accesskeys.
 * Keys are matched by their position (`KeyboardEvent.code`), so an Option+Shift chord on a Mac,
 * which types a symbol, works too.
 */
export const HOTKEY_ACTIONS = ['answer', 'decline', 'hangup', 'mute', 'hold', 'focus-dialpad'] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];

export const ACTION_LABELS: Readonly<Record<HotkeyAction, string>> = {
  answer: 'Answer',
  decline: 'Decline',
  hangup: 'Hang up',
  mute: 'Mute or unmute',
  hold: 'Hold or resume',
  'focus-dialpad': 'Go to the dialpad',
};

/** A key chord: modifiers and a `KeyboardEvent.code`, written `Alt+Shift+KeyP`. */
export type Chord = string;

export type Bindings = Readonly<Record<HotkeyAction, Chord>>;

export const DEFAULT_BINDINGS: Bindings = {
  answer: 'Alt+Shift+KeyP',
  decline: 'Alt+Shift+KeyX',
  hangup: 'Alt+Shift+KeyH',
  mute: 'Alt+Shift+KeyM',
  hold: 'Alt+Shift+KeyO',
  'focus-dialpad': 'Alt+Shift+KeyD',
};

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;

interface KeyLike {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * The chord a key press makes, or null for a press that cannot be a hotkey: a lone modifier, or
 * a key without Ctrl, Alt or Meta (it would take a key from typing a number or a note).
 */
export function chordOf(event: KeyLike): Chord | null {
  if (/^(Control|Alt|Shift|Meta|OS)(Left|Right)?$/.test(event.code) || event.code === '') return null;
  if (!event.ctrlKey && !event.altKey && !event.metaKey) return null;
  const held = [event.ctrlKey && 'Ctrl', event.altKey && 'Alt', event.shiftKey && 'Shift', event.metaKey && 'Meta'].filter((m): m is string => typeof m === 'string');
  return [...held, event.code].join('+');
}

/** A chord for the agent to read: `Alt+Shift+P`. */
export function describeChord(chord: Chord): string {
  return chord
    .split('+')
    .map((part) => part.replace(/^Key(?=[A-Z]$)/, '').replace(/^Digit(?=\d$)/, ''))
    .join('+');
}

/** The action bound to a chord, if any. */
export function actionFor(bindings: Bindings, chord: Chord): HotkeyAction | null {
  return HOTKEY_ACTIONS.find((action) => bindings[action] === chord) ?? null;
}

function isChord(value: unknown): value is Chord {
  if (typeof value !== 'string') return false;
  const parts = value.split('+');
  const code = parts.pop();
  return code !== undefined && /^[A-Za-z0-9]{1,20}$/.test(code) && parts.length > 0 && parts.every((part) => (MODIFIERS as readonly string[]).includes(part)) && parts.some((part) => part !== 'Shift');
}

/**
 * An agent's bindings from what was stored: the defaults, with each valid stored choice over them.
 * Anything unreadable is ignored (the default stays), so a damaged entry never costs a hotkey.
 */
export function readBindings(stored: string | null): Bindings {
  const bindings: Record<HotkeyAction, Chord> = { ...DEFAULT_BINDINGS };
  if (stored === null) return bindings;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return bindings;
  }
  if (typeof parsed !== 'object' || parsed === null) return bindings;
  for (const action of HOTKEY_ACTIONS) {
    const chord = (parsed as Record<string, unknown>)[action];
    if (isChord(chord)) bindings[action] = chord;
  }
  return bindings;
}

/** Binds `chord` to `action`; an action that had that chord gets the one `action` had (a swap), so no chord does two things. */
export function rebind(bindings: Bindings, action: HotkeyAction, chord: Chord): Bindings {
  const next: Record<HotkeyAction, Chord> = { ...bindings };
  const holder = actionFor(bindings, chord);
  if (holder !== null && holder !== action) next[holder] = bindings[action];
  next[action] = chord;
  return next;
}

/** Where an agent's bindings are kept in the shell origin's storage: per agent, so agents sharing a browser keep their own. */
export function storageKey(agentId: string): string {
  return `patchbay.hotkeys.${agentId}`;
}
