import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ServerExitedError, freePort, startProcess, waitUntilReady } from '@patchbay/devservers';

it('a server that dies while starting fails fast with the end of its log (the reason survives a CI runner)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-start-'));
  const port = await freePort();
  const holder = createServer();
  await new Promise<void>((done) => holder.listen(port, '127.0.0.1', done));
  try {
    const logFile = join(dir, 'nats-server.log');
    const proc = startProcess({ name: 'nats-on-a-held-port', command: 'nats-server', args: ['-a', '127.0.0.1', '-p', String(port)], logFile });
    const started = Date.now();
    const error = await waitUntilReady(proc, async () => false, { logFile, timeoutMs: 15_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerExitedError);
    expect((error as ServerExitedError).logTail).toMatch(/address already in use/);
    expect((error as Error).message).toContain('last lines of its log');
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    holder.close();
    await rm(dir, { recursive: true, force: true });
  }
});
