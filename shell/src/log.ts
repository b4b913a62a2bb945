/** The shell's one logger: every line carries a code an operator can search for. */
export type LogLevel = 'info' | 'warn' | 'error';

export function log(level: LogLevel, code: string, message: string): void {
  // eslint-disable-next-line no-console -- this is the logger
  console[level](`[patchbay] ${code}: ${message}`);
}
