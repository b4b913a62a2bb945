import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * UDP port blocks for RTP, claimed across every run on the machine. Media sockets are bound only
 * when a call starts, so a range drawn at random can be taken by another run's Janus or phone in
 * the meantime and the call then fails on "Address already in use". Each block is claimed by an
 * exclusive lock file naming its process; a block whose process is gone is free again.
 *
 * The blocks lie below Linux's ephemeral range (32768 and up), where freePort() picks the
 * servers' own ports: an RTP socket there could take a port just handed to a listener.
 */
export const PORT_BLOCK_SIZE = 200;
const FIRST_PORT = 10_000;
const BLOCK_COUNT = Math.floor((32_000 - FIRST_PORT) / PORT_BLOCK_SIZE);

export class NoFreePortBlockError extends Error {
  override name = 'NoFreePortBlockError';
  constructor(readonly directory: string) {
    super(`every UDP port block is claimed by a running process (locks in ${directory})`);
  }
}

export interface PortRange {
  min: number;
  max: number;
}

export interface ClaimedPortRange extends PortRange {
  /** Gives the block back; the next claim anywhere on the machine may take it. */
  release(): void;
}

const held = new Set<string>();
process.once('exit', () => {
  for (const path of held) removeLock(path);
});

/**
 * A range of `size` ports (at most a block) at the start of a block no other live process holds.
 * `directory` is where the locks live; every run on a machine must use the same one.
 */
export function claimPortRange(size: number, directory = join(tmpdir(), 'patchbay-port-blocks')): ClaimedPortRange {
  if (size < 1 || size > PORT_BLOCK_SIZE) throw new RangeError(`a port range is 1 to ${PORT_BLOCK_SIZE} ports, not ${size}`);
  mkdirSync(directory, { recursive: true });
  const start = Math.floor(Math.random() * BLOCK_COUNT);
  for (let step = 0; step < BLOCK_COUNT; step++) {
    const block = (start + step) % BLOCK_COUNT;
    const path = join(directory, `block-${block}`);
    if (!tryLock(path)) continue;
    held.add(path);
    const min = FIRST_PORT + block * PORT_BLOCK_SIZE;
    let released = false;
    return {
      min,
      max: min + size - 1,
      release: () => {
        if (released) return;
        released = true;
        held.delete(path);
        removeLock(path);
      },
    };
  }
  throw new NoFreePortBlockError(directory);
}

/** Creates the lock if it is absent, or takes it over from a process that no longer runs. */
function tryLock(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = lockOwner(path);
    if (owner === null || alive(owner)) return false;
    // Only the dead owner's lock: another run may have taken the block over since it was read.
    if (lockOwner(path) === owner) removeLock(path);
  }
  return false;
}

/** The pid in a lock; null while it is being written or once it is gone. */
function lockOwner(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeLock(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to give back.
  }
}
