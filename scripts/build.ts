/**
 * Builds what it is asked: `build.ts` builds the shell and every widget under remotes/; `build.ts shell` or
 * `build.ts <widget> [--version V] [--source DIR] [--out DIR]` builds one, alone, as its team would.
 * A widget lands in dist/remotes/<id>/<version>/ so earlier versions stay deployable.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rspack, type Configuration } from '@rspack/core';
import { repoWidgets, widgetVersion } from '@patchbay/devservers/repo-widgets';
import { remoteConfig, shellConfig, standbyConfig } from '../rspack.config.js';

const root = resolve(import.meta.dirname, '..');

export function remoteOutDir(id: string, version: string): string {
  return resolve(root, 'dist/remotes', id, version);
}

export function stencilBuild(sourceDir: string): void {
  execFileSync(process.execPath, [resolve(root, 'node_modules/@stencil/core/bin/stencil'), 'build'], {
    cwd: sourceDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function compile(configs: Configuration[]): Promise<void> {
  await new Promise<void>((done, fail) => {
    rspack(configs, (error, stats) => {
      if (error) return fail(error);
      if (stats?.hasErrors()) return fail(new Error(stats.toString({ all: false, errors: true })));
      done();
    });
  });
}

export interface BuiltRemote {
  id: string;
  version: string;
  outDir: string;
}

export async function buildRemote(id: string, options: { version?: string; sourceDir?: string; outDir?: string } = {}): Promise<BuiltRemote> {
  const sourceDir = options.sourceDir ?? resolve(root, 'remotes', id);
  const version = options.version ?? widgetVersion(sourceDir);
  const outDir = options.outDir ?? remoteOutDir(id, version);
  stencilBuild(sourceDir);
  await compile([remoteConfig({ id, sourceDir, outDir })]);
  return { id, version, outDir };
}

export async function buildShell(): Promise<void> {
  await compile([shellConfig()]);
  // Into the shell's folder, once the shell's build has emptied it.
  await compile([standbyConfig()]);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { version: { type: 'string' }, source: { type: 'string' }, out: { type: 'string' } },
  });
  const targets = positionals.length > 0 ? positionals : ['shell', ...repoWidgets(root)];
  const started = Date.now();
  for (const target of targets) {
    if (target === 'shell') {
      await buildShell();
      console.log(`built shell → dist/shell`);
    } else {
      const built = await buildRemote(target, {
        ...(values.version ? { version: values.version } : {}),
        ...(values.source ? { sourceDir: resolve(values.source) } : {}),
        ...(values.out ? { outDir: resolve(values.out) } : {}),
      });
      console.log(`built ${built.id}@${built.version} → ${built.outDir}`);
    }
  }
  console.log(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
