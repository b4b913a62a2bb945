/** The shell's one logger: every line carries a code an operator can search for. */
export type LogLevel = 'info' | 'warn' | 'error';

export function log(level: LogLevel, code: string, message: string): void {
  // eslint-disable-next-line no-console -- this is the logger
  console[level](`[patchbay] ${code}: ${message}`);
}

/** An error's message for a log line or the agent, whatever was thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
