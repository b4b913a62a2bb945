/**
 * Builds the probe adapter page (probe-page/main.ts with @patchbay/opencti) for the browser with rspack,
 * and serves it over https at its own origin, as a softphone would be served apart from Salesforce.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePage } from './bundle-page.js';

export interface ProbeServer {
  readonly origin: string;
  /** The probe page's URL without Salesforce's parameters. */
  readonly url: string;
  requests(): string[];
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function buildProbe(outDir: string): Promise<void> {
  await bundlePage({ entry: fileURLToPath(new URL('./probe-page/main.ts', import.meta.url)), outDir, filename: 'probe.js' });
}

/** Builds the probe into a temp folder and serves it; `allowedOrigins` are written into the page, not read from its URL. */
export async function startProbeServer(options: { allowedOrigins: readonly string[]; host?: string; tls: { cert: string; key: string } }): Promise<ProbeServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'patchbay-probe-'));
  await buildProbe(outDir);
  const bundle = readFileSync(join(outDir, 'probe.js'));
  const allowed = JSON.stringify(options.allowedOrigins).replace(/</g, '\\u003c');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Patchbay Open CTI probe</title></head>
<body><p id="status">Loading Open CTI…</p><script>window.PROBE_ALLOWED_ORIGINS = ${allowed};</script><script src="/probe.js"></script></body></html>`;
  const requests: string[] = [];
  const server = createServer(options.tls, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://probe').pathname;
    requests.push(path);
    if (path === '/probe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(bundle);
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(html);
    }
    res.writeHead(404).end();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const origin = `https://${host}:${(server.address() as AddressInfo).port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      rmSync(outDir, { recursive: true, force: true });
    });
  return { origin, url: `${origin}/`, requests: () => [...requests], stop, [Symbol.asyncDispose]: stop };
}
