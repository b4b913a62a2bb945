import { execFile } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, labTls, publishWidget, startStaticServer, type StaticServer } from '@patchbay/devservers';
import { repoRoot } from './built-dist.js';

/**
 * Lays out a copy of the widget source `from` as remotes/<id> beside the shared Stencil setup, so
 * neither the repo nor `from` changes, hands its directory to `use`, and removes it after.
 */
export async function withWidgetCopy<T>(from: string, id: string, use: (source: string) => Promise<T>): Promise<T> {
  const work = join(repoRoot, '.tmp', `widget-${id}-${process.pid}-${Date.now()}`);
  const source = join(work, 'remotes', id);
  await mkdir(work, { recursive: true });
  try {
    await cp(from, source, {
      recursive: true,
      filter: (path) => !/\/(node_modules|dist|\.stencil)(\/|$)/.test(path.slice(from.length)),
    });
    for (const shared of ['stencil.shared.ts', 'tsconfig.stencil.json']) await cp(join(repoRoot, 'remotes', shared), join(work, 'remotes', shared));
    return await use(source);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Builds a widget's source as its team would (`scripts/build.ts <id> --source --out`), from a copy
 * (withWidgetCopy). `edit` changes the copy first (a team's change before a new release).
 */
export async function buildWidget({ from, id, version, out, edit }: { from: string; id: string; version: string; out: string; edit?: (source: string) => Promise<void> }): Promise<void> {
  await withWidgetCopy(from, id, async (source) => {
    await edit?.(source);
    await promisify(execFile)(process.execPath, ['--import', './scripts/ts-register.mjs', 'scripts/build.ts', id, '--source', source, '--version', version, '--out', out], { cwd: repoRoot });
  });
}

/**
 * Builds the fixture widget `tests/fixtures/widgets/<id>` at 1.0.0 into a copy of the build
 * (`distDir`) and publishes it as its team would: served from an origin of its own (TLS, CORS) and
 * entered in `deployFile`. The caller enables it, and closes the server it gets.
 */
export async function publishFixtureWidget(id: string, { distDir, deployFile }: { distDir: string; deployFile: string }): Promise<StaticServer> {
  const builtDir = join(distDir, 'remotes', id, '1.0.0');
  await buildWidget({ from: join(repoRoot, 'tests/fixtures/widgets', id), id, version: '1.0.0', out: builtDir });
  const server = await startStaticServer({ root: join(distDir, 'remotes', id), port: await freePort(), tls: await labTls(), cors: true });
  await publishWidget(deployFile, { id, version: '1.0.0', origin: server.origin, builtDir });
  return server;
}
