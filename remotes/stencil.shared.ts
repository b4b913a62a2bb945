import type { Config } from '@stencil/core';

/**
 * One Stencil setup for every widget: the custom-elements output keeps the Stencil runtime as an
 * import (externalRuntime), so rspack can share it as a Module Federation singleton and the page
 * loads one runtime however many widgets it has.
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
        externalRuntime: true,
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
