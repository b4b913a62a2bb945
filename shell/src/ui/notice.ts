/** A message for the agent above the widgets, with an optional action; it stays until dismissed. */
export function showNotice(area: HTMLElement, message: string, options: { action?: string; onAction?: () => void } = {}): void {
  const notice = document.createElement('div');
  notice.className = 'pb-notice';
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
