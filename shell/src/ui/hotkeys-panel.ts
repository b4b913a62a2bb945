import { ACTION_LABELS, DEFAULT_BINDINGS, HOTKEY_ACTIONS, chordOf, describeChord, readBindings, rebind, storageKey, type Bindings, type HotkeyAction } from '../hotkeys/bindings.js';

/**
 * The agent's hotkeys behind the header's Keys button: each action with its keys and a button to
 * change them (the next chord pressed on it, Escape to keep the old one), kept per agent in this
 * origin's storage. Returns the bindings as they are now.
 */
export function mountHotkeysPanel(toggle: HTMLButtonElement, panel: HTMLElement, agentId: string, storage: Storage): () => Bindings {
  let bindings = readBindings(storage.getItem(storageKey(agentId)));
  const save = (next: Bindings): void => {
    bindings = next;
    storage.setItem(storageKey(agentId), JSON.stringify(next));
    render();
  };
  const capture = (button: HTMLButtonElement, action: HotkeyAction): void => {
    button.textContent = 'Press the new keys…';
    button.setAttribute('aria-label', `Press the new keys for ${ACTION_LABELS[action]}, or Escape to keep ${describeChord(bindings[action])}`);
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Tab') return;
      event.preventDefault();
      event.stopPropagation();
      const chord = event.key === 'Escape' ? null : chordOf(event);
      if (event.key !== 'Escape' && chord === null) return; // a lone modifier, or no Ctrl, Alt or Meta yet
      button.removeEventListener('keydown', onKey);
      if (chord === null) render();
      else save(rebind(bindings, action, chord));
      panel.querySelector<HTMLButtonElement>(`button[data-action='${action}']`)?.focus();
    };
    button.addEventListener('keydown', onKey);
    button.addEventListener('blur', () => button.removeEventListener('keydown', onKey), { once: true });
  };
  const render = (): void => {
    const heading = document.createElement('h2');
    heading.textContent = 'Keyboard shortcuts';
    const note = document.createElement('p');
    note.textContent = 'They work while the softphone has focus.';
    const list = document.createElement('dl');
    list.className = 'pb-hotkey-list';
    for (const action of HOTKEY_ACTIONS) {
      const term = document.createElement('dt');
      term.textContent = ACTION_LABELS[action];
      const keys = document.createElement('kbd');
      keys.textContent = describeChord(bindings[action]);
      const change = document.createElement('button');
      change.type = 'button';
      change.dataset['action'] = action;
      change.textContent = 'Change';
      change.setAttribute('aria-label', `Change ${ACTION_LABELS[action]} (${describeChord(bindings[action])})`);
      change.addEventListener('click', () => capture(change, action));
      const detail = document.createElement('dd');
      detail.append(keys, change);
      list.append(term, detail);
    }
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.textContent = 'Restore the defaults';
    reset.addEventListener('click', () => save(DEFAULT_BINDINGS));
    panel.replaceChildren(heading, note, list, reset);
  };
  const close = (): void => {
    panel.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
  };
  toggle.addEventListener('click', () => {
    if (!panel.hidden) return close();
    render();
    panel.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    panel.querySelector<HTMLButtonElement>('button')?.focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    close();
    toggle.focus();
  });
  return () => bindings;
}
