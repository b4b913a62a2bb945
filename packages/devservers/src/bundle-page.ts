import { rspack, type Stats } from '@rspack/core';

export interface PageBundle {
  /** The TypeScript entry; the workspace packages it imports are bundled with it. */
  entry: string;
  outDir: string;
  /** Default main.js. */
  filename?: string;
  /** 'production' where the figures matter (benchmarks); 'development' builds faster. */
  mode?: 'development' | 'production';
  /** Module names resolved to files (the widget a dev page runs). */
  alias?: Record<string, string>;
}

/**
 * Bundles a small browser page (a test harness, the simulator's probe, a benchmark page) with
 * rspack's JS API: TypeScript through swc, './x.js' imports finding x.ts as TypeScript does.
 */
export async function bundlePage({ entry, outDir, filename = 'main.js', mode = 'development', alias = {} }: PageBundle): Promise<void> {
  const compiler = rspack({
    mode,
    devtool: false,
    target: 'web',
    entry,
    output: { path: outDir, filename },
    resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] }, alias },
    module: {
      rules: [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }, type: 'javascript/auto' }],
    },
  });
  const stats = await new Promise<Stats>((resolve, reject) => compiler.run((error, result) => (error || !result ? reject(error ?? new Error('rspack gave no stats')) : resolve(result))));
  await new Promise((closed) => compiler.close(closed));
  if (stats.hasErrors()) throw new Error(`bundling ${entry} failed:\n${stats.toString({ all: false, errors: true })}`);
}
