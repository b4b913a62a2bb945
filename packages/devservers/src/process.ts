import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Debian package that provides each server binary, for the "not installed" message. */
export const DEBIAN_PACKAGE: Record<string, string> = {
  'nats-server': 'nats-server',
  janus: 'janus',
  kamailio: 'kamailio',
  baresip: 'baresip',
  chromium: 'chromium',
  sipp: 'sip-tester',
  openssl: 'openssl',
  certutil: 'libnss3-tools',
};

export class MissingBinaryError extends Error {
  override name = 'MissingBinaryError';
  constructor(readonly binary: string) {
    super(`${binary} not found on PATH. Install it with: apt-get install -y ${DEBIAN_PACKAGE[binary] ?? binary} (npm start installs it by itself when run as root).`);
  }
}

export function requireBinary(binary: string): string {
  // nats-server and kamailio live in /usr/sbin, which a non-login shell may not have on PATH.
  const found = spawnSync('sh', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${binary}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') throw new MissingBinaryError(binary);
  return path;
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has exited, whoever stopped it. */
  readonly exited: Promise<number | null>;
  /** Resolves once everything the process printed is in its log file. */
  readonly logWritten: Promise<void>;
  /** SIGTERM, then SIGKILL if it has not gone after graceMs. */
  stop(graceMs?: number): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Output goes here so a failing test can show it; nothing is printed to the console. */
  logFile: string;
}

export function startProcess(options: StartOptions): ManagedProcess {
  const executable = requireBinary(options.command);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(executable, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Both streams share one log: neither may end it (the other could still write), the exit does.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  // 'close' comes once every holder of the pipes is gone (kamailio's workers may outlive the main
  // process by a moment); the process itself counts as stopped at 'exit'.
  child.once('close', () => log.end());
  const logWritten = new Promise<void>((resolve) => log.once('close', () => resolve()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => {
      log.end();
      resolve(null);
    });
  });
  const stop = async (graceMs = 3000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { name: options.name, child, exited, logWritten, stop, [Symbol.asyncDispose]: stop };
}

/**
 * Polls `probe` until it returns true, racing the process exiting first, so a server that dies at
 * start fails fast with its log path instead of a time-out.
 */
export async function waitUntilReady(proc: ManagedProcess, probe: () => Promise<boolean>, { timeoutMs = 15_000, logFile }: { timeoutMs?: number; logFile: string }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void proc.exited.then(() => {
    exitedEarly = true;
  });
  while (Date.now() < deadline) {
    if (exitedEarly) {
      // A forked worker may hold the pipes a moment longer; the reason is usually in the last lines.
      await Promise.race([proc.logWritten, new Promise((r) => setTimeout(r, 1000))]);
      throw new ServerExitedError(proc.name, logFile, await logTail(logFile));
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  await proc.stop();
  const tail = await logTail(logFile);
  throw new Error(withLogTail(`${proc.name} was not ready within ${timeoutMs} ms; see ${logFile}`, tail));
}

/** A server process that exited while starting; `logTail` is the end of its log (usually the reason). */
export class ServerExitedError extends Error {
  override name = 'ServerExitedError';
  constructor(
    readonly server: string,
    readonly logFile: string,
    readonly logTail: string,
  ) {
    super(withLogTail(`${server} exited before it was ready; see ${logFile}`, logTail));
  }
}

function withLogTail(message: string, tail: string): string {
  return tail ? `${message}\n--- last lines of its log ---\n${tail}` : message;
}

/** The last lines of a server's log, so a failure on CI (where the temp folder is gone) says why. */
async function logTail(logFile: string, lines = 15): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
