import { reportFaults } from '@patchbay/widget-kit';
import { PbPresence, defineCustomElementPbPresence } from '../dist/stencil/index.js';

export const tagName = 'pb-presence';

export function define(): void {
  reportFaults(PbPresence);
  defineCustomElementPbPresence();
}
