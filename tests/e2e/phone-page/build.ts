import { mkdtemp, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rspack } from '@rspack/core';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles the harness page (and @patchbay/phone with it) into a temp folder with rspack's JS API. */
export async function buildPhonePage(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pb-phone-page-'));
  const compiler = rspack({
    mode: 'development',
    devtool: false,
    target: 'web',
    context: here,
    entry: join(here, 'main.ts'),
    output: { path: dir, filename: 'main.js' },
    resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
    module: {
      rules: [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }, type: 'javascript/auto' }],
    },
  });
  const stats = await new Promise<import('@rspack/core').Stats>((resolve, reject) =>
    compiler.run((error, result) => (error || !result ? reject(error ?? new Error('no stats')) : resolve(result))),
  );
  await new Promise((r) => compiler.close(r));
  if (stats.hasErrors()) throw new Error(`phone page build failed:\n${stats.toString({ all: false, errors: true })}`);
  await copyFile(join(here, 'index.html'), join(dir, 'index.html'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
