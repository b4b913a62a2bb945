import type { Page } from 'playwright-core';

/**
 * What the pages a test opened wrote to their consoles (the shell and phone log every step of a
 * call there), kept until the test ends: a failed test prints them, a passing one drops them.
 */
const lines: string[] = [];
const stamp = (at = Date.now()): string => new Date(at).toISOString().slice(11, 23);

/** Event records read when a test ends (the far-end phones' call events): where a call got lost. */
interface EventRecord {
  label: string;
  events: readonly { type: string; receivedAt: number; param?: string }[];
  taken: number;
}
const eventRecords = new Set<EventRecord>();

/** Records `page`'s console messages and uncaught errors, each line tagged with `label`. */
export function recordPageLogs(page: Page, label: string): void {
  page.on('console', (message) => lines.push(`${stamp()} ${label} ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`${stamp()} ${label} uncaught: ${error.message}`));
  // The phone window is a pop-up of the console: its log explains a call that went wrong there.
  page.on('popup', (popup) => recordPageLogs(popup, `${label} window`));
}

/** Adds `events` (a list that grows) to what a failed test prints, each tagged with `label`; returns what stops it. */
export function recordEvents(label: string, events: EventRecord['events']): () => void {
  const record = { label, events, taken: events.length };
  eventRecords.add(record);
  return () => eventRecords.delete(record);
}

/** The lines recorded since the last call, oldest first; the record starts empty again. */
export function takePageLogs(): string[] {
  for (const record of eventRecords) {
    for (const event of record.events.slice(record.taken)) lines.push(`${stamp(event.receivedAt)} ${record.label} event: ${event.type}${event.param ? ` ${event.param}` : ''}`);
    record.taken = record.events.length;
  }
  // Stamped HH:MM:SS.mmm, so the text sorts by time.
  return lines.splice(0).sort();
}
