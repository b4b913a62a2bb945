import type { Page } from 'playwright-core';

/**
 * What the pages a test opened wrote to their consoles (the shell and phone log every step of a
 * call there), kept until the test ends: a failed test prints them, a passing one drops them.
 */
const lines: string[] = [];

/** Records `page`'s console messages and uncaught errors, each line tagged with `label`. */
export function recordPageLogs(page: Page, label: string): void {
  const stamp = (): string => new Date().toISOString().slice(11, 23);
  page.on('console', (message) => lines.push(`${stamp()} ${label} ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`${stamp()} ${label} uncaught: ${error.message}`));
  // The phone window is a pop-up of the console: its log explains a call that went wrong there.
  page.on('popup', (popup) => recordPageLogs(popup, `${label} window`));
}

/** The lines recorded since the last call, oldest first; the record starts empty again. */
export function takePageLogs(): string[] {
  return lines.splice(0);
}
