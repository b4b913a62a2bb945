/** A configuration or start-up failure shown in the softphone itself, never a blank panel. */
export function showErrorPanel(container: HTMLElement, title: string, problems: readonly string[]): void {
  const panel = document.createElement('section');
  panel.className = 'pb-error';
  panel.setAttribute('role', 'alert');
  const heading = document.createElement('h1');
  heading.textContent = title;
  const list = document.createElement('ul');
  for (const problem of problems) {
    const item = document.createElement('li');
    item.textContent = problem;
    list.append(item);
  }
  panel.append(heading, list);
  container.replaceChildren(panel);
}
