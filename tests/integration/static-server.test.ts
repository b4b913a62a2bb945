import { request } from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, labTls, startStaticServer, type LabTls, type StaticServer } from '@patchbay/devservers';

let dir: string;
let server: StaticServer;
let port: number;
let tls: LabTls;

function get(path: string): Promise<{ status: number; cors: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca: tls.caPem }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cors: res.headers['access-control-allow-origin'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pb-static-'));
  await writeFile(join(dir, 'remoteEntry.js'), 'var x;');
  port = await freePort();
  tls = await labTls();
  server = await startStaticServer({ root: dir, port, tls, cors: true });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the servers widgets and the shell are served from', () => {
  it('serves a file with CORS, so the shell can fetch a widget from another origin', async () => {
    expect(await get('/remoteEntry.js')).toEqual({ status: 200, cors: '*' });
  });

  it('answers a malformed path 400 and stays up', async () => {
    expect((await get('//')).status).toBe(400);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/remoteEntry.js')).status).toBe(200);
  });

  it('never serves outside its folder', async () => {
    expect((await get('/../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });
});
