import { rspack, type Stats } from '@rspack/core';

/**
 * Bundles one TypeScript entry (and the workspace packages it imports) for the browser into
 * `outDir/main.js` with rspack's JS API, as simulator/src/probe-server.ts does for its page.
 * Production mode: the bench measures code as it ships.
 */
export async function bundleForBrowser(entry: string, outDir: string): Promise<void> {
  const compiler = rspack({
    mode: 'production',
    devtool: false,
    target: 'web',
    entry,
    output: { path: outDir, filename: 'main.js' },
    resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
    module: {
      rules: [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }, type: 'javascript/auto' }],
    },
  });
  const stats = await new Promise<Stats>((resolve, reject) =>
    compiler.run((error, result) => (error || !result ? reject(error ?? new Error('rspack gave no stats')) : resolve(result))),
  );
  await new Promise((closed) => compiler.close(closed));
  if (stats.hasErrors()) throw new Error(`bundling ${entry} failed:\n${stats.toString({ all: false, errors: true })}`);
}
