import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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
    removeStaleLock(path, owner);
  }
  return false;
}

let tombstones = 0;

/**
 * Removes the lock at `path` if it still names `owner`, a process found gone. Another run may have
 * taken the block over since `owner` was read, so the lock is first renamed to a name of this
 * call's own (only one run can move a given file) and what was moved is read: a lock that is not
 * `owner`'s goes back with a link, which never replaces a lock created in the meantime. Returns
 * whether `owner`'s lock was removed by this call.
 */
export function removeStaleLock(path: string, owner: number): boolean {
  const tombstone = `${path}.stale-${process.pid}-${tombstones++}`;
  try {
    renameSync(path, tombstone);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const stale = lockOwner(tombstone) === owner;
  if (!stale) {
    try {
      linkSync(tombstone, path);
    } catch (error) {
      // Another run found the block free while the lock was aside and holds it now: the moved lock
      // cannot go back, so its owner and that run share the block (three runs on one block at once).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  removeLock(tombstone);
  return stale;
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
