import type { Config } from '@stencil/core';

/**
 * One Stencil setup for every widget. Each widget bundles its own Stencil runtime, tree-shaken to
 * the features it uses (about 4 KB gzipped), rather than sharing the full runtime (about 25 KB):
 * smaller in total for a handful of widgets, and a widget team can move to a new Stencil release
 * without the others.
 */
export function widgetStencilConfig(namespace: string): Config {
  return {
    namespace,
    srcDir: 'src',
    buildDist: true,
    outputTargets: [
      {
        type: 'dist-custom-elements',
        dir: 'dist/stencil',
        customElementsExportBehavior: 'single-export-module',
        externalRuntime: false,
        generateTypeDeclarations: false,
      },
    ],
    rollupConfig: {
      inputOptions: {
        // Shared through Module Federation: Stencil must not inline them into the widget.
        external: ['@patchbay/contract', '@patchbay/bus'],
      },
    },
  };
}
