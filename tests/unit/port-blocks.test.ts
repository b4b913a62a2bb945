import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { claimPortRange, NoFreePortBlockError, PORT_BLOCK_SIZE } from '@patchbay/devservers';

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
  });

  it('refuses a range larger than a block', () => {
    expect(() => claimPortRange(PORT_BLOCK_SIZE + 1, lockDir())).toThrow(RangeError);
  });
});
