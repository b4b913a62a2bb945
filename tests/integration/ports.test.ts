import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, preferredPort } from '@patchbay/devservers';

describe('ports for npm start', () => {
  it('keeps a preferred port that is free, and swaps one that is held for a free one', async () => {
    const free = await freePort();
    expect(await preferredPort(free)).toBe(free);

    const holder = createServer();
    await new Promise<void>((done) => holder.listen(free, '127.0.0.1', done));
    try {
      const instead = await preferredPort(free);
      expect(instead).not.toBe(free);
      expect(instead).toBeGreaterThan(0);
    } finally {
      holder.close();
    }
  });
});

describe('ports for tests', () => {
  it('never hands out the same port twice in one process, though each is closed again at once', async () => {
    const ports = [];
    for (let i = 0; i < 300; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});
