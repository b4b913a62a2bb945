/**
 * A message for the agent above the widgets, with an optional action; it stays until dismissed.
 * A notice repeated while the first is still up is not stacked: the first counts the repeats
 * ("×3"), so a cause that repeats (every ring while audio is blocked, a flood of refused commands)
 * costs the agent one dismissal. Notices are the same when their `key` is (their text by default).
 */
/** Takes the notice with `key` away, if it is up (its cause has passed). */
export function dismissNotice(area: HTMLElement, key: string): void {
  for (const child of [...area.children]) if (child instanceof HTMLElement && child.dataset['key'] === key) child.remove();
}

export function showNotice(area: HTMLElement, message: string, options: { action?: string; onAction?: () => void; key?: string } = {}): void {
  const key = options.key ?? message;
  const shown = [...area.children].find((child): child is HTMLElement => child instanceof HTMLElement && child.dataset['key'] === key);
  if (shown) {
    const count = Number(shown.dataset['count'] ?? '1') + 1;
    shown.dataset['count'] = String(count);
    const badge = shown.querySelector('.pb-notice-count');
    if (badge) badge.textContent = `×${count}`;
    return;
  }
  const notice = document.createElement('div');
  notice.className = 'pb-notice';
  notice.dataset['key'] = key;
  notice.dataset['count'] = '1';
  notice.setAttribute('role', 'alert');
  const text = document.createElement('span');
  text.textContent = message;
  const badge = document.createElement('span');
  badge.className = 'pb-notice-count';
  badge.setAttribute('aria-label', 'times');
  notice.append(text, badge);
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
