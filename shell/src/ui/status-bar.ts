export type Health = 'ok' | 'warn' | 'down';

/** Sets one part of the status bar (bus, phone) with a word the agent can read. */
export function setHealth(part: 'bus' | 'phone', health: Health, label: string): void {
  const element = document.querySelector<HTMLElement>(`.pb-status [data-part='${part}']`);
  if (!element) return;
  element.dataset['health'] = health;
  element.textContent = label;
}
