/**
 * Builds the shell and each widget as its own Module Federation container. Nothing here links
 * them: the shell learns where widgets live from the deploy manifest at run time, so a widget
 * team rebuilds and ships its remote alone (`npm run build -w remotes/<widget>`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Compilation, HtmlRspackPlugin, SubresourceIntegrityPlugin, sources, type Compiler, type Configuration, type RuleSetRule } from '@rspack/core';
import { ModuleFederationPlugin } from '@module-federation/enhanced/rspack';
import { WIDGET_DECLARATION_FILE } from '@patchbay/widget-kit';

const root = import.meta.dirname;

/**
 * Container global name of a widget. Never give a DOM element this id: the window's named access
 * would shadow the container global, and loading fails with RUNTIME-002 ("does not contain init").
 */
export function containerName(id: string): string {
  return `patchbay_${id.replace(/[^a-z0-9]/gi, '_')}`;
}

function versionOf(pkg: string): string {
  // Read from disk: some packages (Stencil) do not export their package.json.
  const manifest = readFileSync(resolve(root, 'node_modules', pkg, 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/**
 * Modules that must exist once per page. The shell provides them; a remote built against a
 * compatible version uses the shell's copy, and brings its own only when loaded elsewhere.
 */
function sharedSingletons() {
  const singleton = (pkg: string) => ({ singleton: true, requiredVersion: `^${versionOf(pkg)}` });
  return {
    '@patchbay/contract': singleton('@patchbay/contract'),
    '@patchbay/bus': singleton('@patchbay/bus'),
  };
}

const typescriptRule: RuleSetRule = {
  test: /\.ts$/,
  exclude: /node_modules\/(?!@patchbay)/,
  loader: 'builtin:swc-loader',
  options: {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  },
  type: 'javascript/auto',
};

function common(name: string, outDir: string): Configuration {
  return {
    name,
    mode: 'production',
    context: root,
    target: ['web', 'es2022'],
    devtool: false,
    output: { path: outDir, publicPath: 'auto', clean: true, uniqueName: name },
    resolve: {
      extensions: ['.ts', '.js'],
      // Workspace sources import './x.js' the way TypeScript wants; the file on disk is x.ts.
      extensionAlias: { '.js': ['.ts', '.js'] },
    },
    module: { rules: [typescriptRule] },
    optimization: { minimize: true },
    performance: false,
    stats: 'errors-warnings',
  };
}

/**
 * Stateless federation packages the shell puts on globals for remotes, beside runtime-core
 * (experiments.externalRuntime), so no remote entry carries its own copy. Remotes are thereby
 * built against the shell's federation version (2.x). Not the runtime and bundler runtime: they
 * are compiled with each container's own constants (its build id, whether it exposes modules).
 * Not the sdk: remotes that load no remotes do not use it, and the shell's copy then tree-shakes.
 */
export const FEDERATION_GLOBALS = {
  '@module-federation/error-codes': '_PB_MF_ERRORS',
} as const;

/** The global a remote reads for a federation package, matched by name or by its entry's path. */
function federationExternal({ request }: { request?: string }): Promise<string | undefined> {
  const match = /(?:^|[\\/]node_modules[\\/])(@module-federation[\\/][a-z-]+)(?:[\\/]dist[\\/]index\.c?js)?$/.exec(request ?? '');
  const pkg = match?.[1]?.replace('\\', '/') as keyof typeof FEDERATION_GLOBALS | undefined;
  return Promise.resolve(pkg === undefined ? undefined : FEDERATION_GLOBALS[pkg]);
}

/**
 * The federation plugin's injected runtime requires these packages' CommonJS builds, while the
 * shell's own imports (loadRemote, the globals above) resolve to their ES builds: two copies of
 * the same runtime in one page (measured: about 250 KB raw). Both go to the ES builds, which
 * rspack can tree-shake (measured: 4.5 KB gzipped less than the CommonJS ones).
 */
function oneFederationRuntime(): Record<string, string> {
  const require = createRequire(resolve(root, 'package.json'));
  const packages = ['runtime', 'runtime-core', 'sdk', 'error-codes', 'webpack-bundler-runtime', 'inject-external-runtime-core-plugin'];
  return Object.fromEntries(
    packages.flatMap((pkg) => {
      const cjs = require.resolve(`@module-federation/${pkg}`);
      const dir = resolve(root, 'node_modules/@module-federation', pkg);
      const manifest = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { exports: { '.': { import: { default: string } } } };
      const esm = resolve(dir, manifest.exports['.'].import.default);
      return [
        [`@module-federation/${pkg}$`, esm],
        [`${cjs}$`, esm],
      ];
    }),
  );
}

/**
 * <link rel="preload"> in the shell's page for the chunks it runs as it starts (its start code,
 * the contract, the bus client, the Salesforce host, the gateway client, which opens the gateway's
 * session as soon as the agent is signed in), so they download beside main.js instead of one
 * after another as each import is reached. Not the phone window's own chunk: only that window runs it.
 */
function preloadStartChunks(): { apply(compiler: Compiler): void } {
  const later = new Set(['phone-window']);
  return {
    apply(compiler) {
      compiler.hooks.compilation.tap('patchbay-preload', (compilation) => {
        HtmlRspackPlugin.getCompilationHooks(compilation).alterAssetTags.tapPromise('patchbay-preload', async (data) => {
          const files = new Set<string>();
          for (const group of compilation.chunkGroups) {
            if (group.name !== undefined && later.has(group.name)) continue;
            for (const chunk of group.chunks) {
              if (chunk.hasRuntime()) continue; // main.js: the page's own script tag
              for (const file of chunk.files) if (file.endsWith('.js')) files.add(file);
            }
          }
          const publicPath = data.publicPath;
          for (const file of [...files].sort()) {
            data.assetTags.styles.push({ tagName: 'link', voidTag: true, attributes: { rel: 'preload', as: 'script', href: `${publicPath}${file}` } });
          }
          return data;
        });
      });
    },
  };
}

export interface ShellBuild {
  outDir?: string;
}

export function shellConfig({ outDir = resolve(root, 'dist/shell') }: ShellBuild = {}): Configuration {
  const base = common('shell', outDir);
  return {
    ...base,
    entry: { main: resolve(root, 'shell/src/main.ts') },
    output: { ...base.output, filename: '[name].[contenthash:8].js', chunkFilename: '[name].[contenthash:8].js' },
    resolve: { ...base.resolve, alias: oneFederationRuntime() },
    optimization: {
      ...base.optimization,
      // The bus and gateway clients in chunks of their own names, so their weight is seen apart.
      splitChunks: {
        chunks: 'async',
        cacheGroups: {
          busClient: { test: /[\\/]packages[\\/]bus[\\/]src[\\/]/, name: 'bus-client-lib', enforce: true },
          gatewayClient: { test: /[\\/]node_modules[\\/]janus-gateway[\\/]/, name: 'gateway-client-lib', enforce: true },
        },
      },
    },
    plugins: [
      // In the head (a module script runs after parsing all the same): asked for before the preloads.
      new HtmlRspackPlugin({ template: resolve(root, 'shell/src/index.html'), inject: 'head', scriptLoading: 'module' }),
      preloadStartChunks(),
      new ModuleFederationPlugin({
        name: 'patchbay_shell',
        remotes: {},
        shared: sharedSingletons(),
        dts: false,
        manifest: true,
        // The page's one federation runtime: remotes are built with externalRuntime and use it.
        // No snapshot plugin: the deploy manifest points at remoteEntry.js, not mf-manifest.json.
        experiments: { provideExternalRuntime: true, optimization: { disableSnapshot: true, target: 'web' } },
      }),
    ],
  };
}

/**
 * The standby page Salesforce frames when the shell does not start in time (reqStandbyUrl),
 * shipped beside the shell's index.html. Built apart from the shell: the federation plugin would
 * put its runtime into every entry of the shell's build (80 KB for a page with one link).
 * Built after the shell, which empties the folder first.
 */
export function standbyConfig({ outDir = resolve(root, 'dist/shell') }: ShellBuild = {}): Configuration {
  const base = common('standby', outDir);
  return {
    ...base,
    entry: { standby: resolve(root, 'shell/src/standby/standby.ts') },
    output: { ...base.output, clean: false, filename: '[name].[contenthash:8].js' },
    plugins: [new HtmlRspackPlugin({ template: resolve(root, 'shell/src/standby/standby.html'), filename: 'standby.html', inject: 'body', scriptLoading: 'module' })],
  };
}

/**
 * Writes WIDGET_DECLARATION_FILE: the @patchbay/contract release the widget was built against (the
 * one in its node_modules), so the deploy manifest can say it without loading the widget's code.
 */
function declareWidget(id: string) {
  return {
    apply(compiler: Compiler): void {
      compiler.hooks.thisCompilation.tap('patchbay-widget-declaration', (compilation) => {
        compilation.hooks.processAssets.tap({ name: 'patchbay-widget-declaration', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
          const declaration = { id, contract: versionOf('@patchbay/contract') };
          compilation.emitAsset(WIDGET_DECLARATION_FILE, new sources.RawSource(`${JSON.stringify(declaration, null, 2)}\n`));
        });
      });
    },
  };
}

export interface RemoteBuild {
  id: string;
  /** The widget's source folder (defaults to remotes/<id>). */
  sourceDir?: string;
  /** Where the container goes; deploys keep one folder per version. */
  outDir: string;
}

export function remoteConfig({ id, sourceDir = resolve(root, 'remotes', id), outDir }: RemoteBuild): Configuration {
  const base = common(`remote-${id}`, outDir);
  return {
    ...base,
    context: sourceDir,
    entry: {},
    // The rest of the federation runtime, also from the shell (shell/src/federation-globals.ts).
    externalsType: 'global',
    externals: [federationExternal],
    resolve: { ...base.resolve, alias: oneFederationRuntime() },
    // The entry loads each chunk with the sha384 hash it was built with (integrity needs a CORS
    // load), so pinning remoteEntry.js in the deploy manifest pins every chunk behind it.
    output: { ...base.output, chunkFilename: '[name].[contenthash:8].js', crossOriginLoading: 'anonymous' },
    plugins: [
      declareWidget(id),
      new SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'], htmlPlugin: false }),
      new ModuleFederationPlugin({
        name: containerName(id),
        filename: 'remoteEntry.js',
        exposes: { './widget': resolve(sourceDir, 'federation/widget.ts') },
        shared: sharedSingletons(),
        dts: false,
        manifest: true,
        experiments: { externalRuntime: true, optimization: { disableSnapshot: true, disableRemote: true, target: 'web' } },
      }),
    ],
  };
}
