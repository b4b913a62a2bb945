import { execFile } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './built-dist.js';

/**
 * Builds a widget's source as its team would (`scripts/build.ts <id> --source --out`), from a copy
 * laid out as remotes/<id> beside the shared Stencil setup, so neither the repo nor `from` changes.
 * `edit` changes the copy first (a team's change before a new release).
 */
export async function buildWidget({ from, id, version, out, edit }: { from: string; id: string; version: string; out: string; edit?: (source: string) => Promise<void> }): Promise<void> {
  const work = join(repoRoot, '.tmp', `widget-${id}-${process.pid}-${Date.now()}`);
  const source = join(work, 'remotes', id);
  await mkdir(work, { recursive: true });
  try {
    await cp(from, source, {
      recursive: true,
      filter: (path) => !/\/(node_modules|dist|\.stencil)(\/|$)/.test(path.slice(from.length)),
    });
    for (const shared of ['stencil.shared.ts', 'tsconfig.stencil.json']) await cp(join(repoRoot, 'remotes', shared), join(work, 'remotes', shared));
    await edit?.(source);
    await promisify(execFile)(process.execPath, ['--import', './scripts/ts-register.mjs', 'scripts/build.ts', id, '--source', source, '--version', version, '--out', out], { cwd: repoRoot });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
