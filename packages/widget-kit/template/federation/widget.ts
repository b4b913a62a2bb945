import { reportFaults } from '@patchbay/widget-kit';
import { __CLASS__, defineCustomElement__CLASS__ } from '../dist/stencil/index.js';

/** The widget interface the shell loads as `./widget` (see the README's widget-team section). */
export const tagName = '__TAG__';

export function define(): void {
  // A throw or a hang in render or a lifecycle method reaches the shell, which shows a fallback tile.
  reportFaults(__CLASS__);
  defineCustomElement__CLASS__();
}
