import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { LabTls } from './lab-tls.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.xml': 'application/xml; charset=utf-8',
};

/** A route answered by code before the folder is looked at (config JSON, simulator APIs). */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface StaticServerOptions {
  /** Folder served as the site root; null serves routes only. */
  root: string | null;
  port: number;
  host?: string;
  /** The certificate it serves https with (the run's lab certificate, usually). */
  tls: Pick<LabTls, 'certPem' | 'keyPem'>;
  routes?: Record<string, RouteHandler>;
  /** Sent on every answer: widgets are fetched cross-origin by the shell. */
  cors?: boolean;
  /** Called with every request path, so tests can see what a page fetched. */
  onRequest?: (path: string) => void;
}

export interface StaticServer {
  readonly origin: string;
  readonly server: Server;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

async function serveFile(root: string, path: string, response: ServerResponse): Promise<boolean> {
  const target = normalize(join(root, path));
  if (target !== root && !target.startsWith(root + sep)) return false;
  const file = await stat(target).catch(() => null);
  const chosen = file?.isDirectory() ? join(target, 'index.html') : target;
  const info = file?.isDirectory() ? await stat(chosen).catch(() => null) : file;
  if (!info?.isFile()) return false;
  response.writeHead(200, {
    'content-type': MIME[extname(chosen)] ?? 'application/octet-stream',
    'content-length': info.size,
    // Deploys replace files in place (manifests); the browser must ask again.
    'cache-control': 'no-cache',
  });
  // A file removed between stat and read (a test deleting a deploy) ends the answer, not the server.
  pipeline(createReadStream(chosen), response, () => undefined);
  return true;
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const root = options.root === null ? null : resolve(options.root);
  const server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (request, response) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://local').pathname);
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('bad request path');
      return;
    }
    options.onRequest?.(path);
    if (options.cors) {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('access-control-allow-headers', 'content-type');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    const handle = async (): Promise<void> => {
      const route = options.routes?.[path];
      if (route) return route(request, response);
      if (root && (request.method === 'GET' || request.method === 'HEAD') && (await serveFile(root, path, response))) return;
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
    };
    handle().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, done);
  });
  const close = (): Promise<void> =>
    new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return { origin: `https://${host}:${options.port}`, server, close, [Symbol.asyncDispose]: close };
}

/** A route that answers JSON computed at request time (so edits show without a restart). */
export function jsonRoute(body: () => unknown): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': MIME['.json']!, 'cache-control': 'no-store' });
    response.end(JSON.stringify(body()));
  };
}
