import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { claimPortRange, NoFreePortBlockError, PORT_BLOCK_SIZE } from '@patchbay/devservers';
import { removeStaleLock } from '../../packages/devservers/src/port-blocks.js';

const lockDir = (): string => mkdtempSync(join(tmpdir(), 'patchbay-port-blocks-test-'));
/** The pid of a process that has exited: its locks are stale. */
const deadPid = (): number => Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout);

describe('RTP port blocks shared by every run on the machine', () => {
  it('hands out ranges in blocks nobody else holds, and a released block can be claimed again', () => {
    const dir = lockDir();
    const first = claimPortRange(200, dir);
    const second = claimPortRange(3, dir);
    expect(second.max - second.min).toBe(2);
    expect(Math.floor(first.min / PORT_BLOCK_SIZE)).not.toBe(Math.floor(second.min / PORT_BLOCK_SIZE));
    expect(first.min % 2).toBe(0);
    expect(readdirSync(dir)).toHaveLength(2);
    first.release();
    second.release();
    expect(readdirSync(dir)).toHaveLength(0);
  });

  it('skips blocks a live process holds and takes over those of a process that is gone', () => {
    const dir = lockDir();
    const blocks = Math.floor((32_000 - 10_000) / PORT_BLOCK_SIZE);
    // Every block but two held by a live process (this one's parent), one by a dead one.
    for (let block = 2; block < blocks; block++) writeFileSync(join(dir, `block-${block}`), String(process.ppid));
    writeFileSync(join(dir, 'block-1'), String(deadPid()));
    const claimed = [claimPortRange(10, dir), claimPortRange(10, dir)].map((range) => range.min).sort((a, b) => a - b);
    expect(claimed).toEqual([10_000, 10_000 + PORT_BLOCK_SIZE]);
    expect(() => claimPortRange(10, dir)).toThrow(NoFreePortBlockError);
    // The dead process's lock now names this one; the live process's locks are as they were.
    expect(readFileSync(join(dir, 'block-1'), 'utf8')).toBe(String(process.pid));
    for (let block = 2; block < blocks; block++) expect(readFileSync(join(dir, `block-${block}`), 'utf8')).toBe(String(process.ppid));
    expect(readdirSync(dir)).toHaveLength(blocks);
  });

  it('refuses a range larger than a block', () => {
    expect(() => claimPortRange(PORT_BLOCK_SIZE + 1, lockDir())).toThrow(RangeError);
  });
});

describe('taking over the lock of a process that is gone', () => {
  const lock = (dir: string): string => join(dir, 'block-0');

  it("removes the dead owner's lock and leaves nothing else behind", () => {
    const dir = lockDir();
    const dead = deadPid();
    writeFileSync(lock(dir), String(dead));
    expect(removeStaleLock(lock(dir), dead)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('puts back, as it was, a lock another run wrote after the dead owner was read', () => {
    const dir = lockDir();
    const dead = deadPid();
    // Both runs read the dead owner; the other run takes the block over first.
    writeFileSync(lock(dir), String(dead));
    expect(removeStaleLock(lock(dir), dead)).toBe(true);
    writeFileSync(lock(dir), String(process.ppid), { flag: 'wx' });
    const taken = statSync(lock(dir)).ino;
    // This run, still holding the dead owner it read, must not remove the new lock.
    expect(removeStaleLock(lock(dir), dead)).toBe(false);
    expect(readFileSync(lock(dir), 'utf8')).toBe(String(process.ppid));
    expect(statSync(lock(dir)).ino).toBe(taken);
    expect(readdirSync(dir)).toEqual(['block-0']);
  });

  it('does nothing to a lock already gone', () => {
    const dir = lockDir();
    expect(removeStaleLock(lock(dir), deadPid())).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
