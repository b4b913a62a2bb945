import type { SearchMatch } from '@patchbay/opencti';

/** Several records match the caller: the agent picks the one the call concerns. */
export function showRecordChooser(area: HTMLElement, matches: readonly SearchMatch[], onChoose: (record: SearchMatch) => void): void {
  const chooser = document.createElement('section');
  chooser.className = 'pb-chooser';
  chooser.setAttribute('aria-label', 'Which record is this call about?');
  const title = document.createElement('strong');
  title.textContent = 'Several records match this caller. Which one is the call about?';
  const list = document.createElement('div');
  for (const match of matches) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset['recordId'] = match.id;
    button.textContent = `${match.name ?? match.id}${match.objectType ? ` (${match.objectType})` : ''}`;
    button.addEventListener('click', () => {
      chooser.remove();
      onChoose(match);
    });
    list.append(button);
  }
  chooser.append(title, list);
  area.append(chooser);
}
