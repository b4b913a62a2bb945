/**
 * The shell's one logger: every line carries a code an operator can search for, and the last
 * entries stay readable from the page (tests and the support panel read them).
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  code: string;
  message: string;
  at: number;
}

const MAX_ENTRIES = 200;
const entries: LogEntry[] = [];

export function log(level: LogLevel, code: string, message: string): void {
  entries.push({ level, code, message, at: Date.now() });
  if (entries.length > MAX_ENTRIES) entries.shift();
  // eslint-disable-next-line no-console -- this is the logger
  console[level](`[patchbay] ${code}: ${message}`);
}

export function recentLog(): readonly LogEntry[] {
  return entries;
}
