/**
 * A message for the agent above the widgets, with an optional action; it stays until dismissed.
 * A notice with a `key` is shown once however often its cause repeats (every ring while audio
 * is blocked must not stack another copy).
 */
export function showNotice(area: HTMLElement, message: string, options: { action?: string; onAction?: () => void; key?: string } = {}): void {
  if (options.key && [...area.children].some((child) => child instanceof HTMLElement && child.dataset['key'] === options.key)) return;
  const notice = document.createElement('div');
  notice.className = 'pb-notice';
  if (options.key) notice.dataset['key'] = options.key;
  notice.setAttribute('role', 'alert');
  const text = document.createElement('span');
  text.textContent = message;
  notice.append(text);
  if (options.action && options.onAction) {
    const action = document.createElement('button');
    action.type = 'button';
    action.textContent = options.action;
    action.addEventListener('click', () => {
      notice.remove();
      options.onAction?.();
    });
    notice.append(action);
  }
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.textContent = 'Dismiss';
  dismiss.addEventListener('click', () => notice.remove());
  notice.append(dismiss);
  area.append(notice);
}
