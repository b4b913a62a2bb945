import { reportFaults } from '@patchbay/widget-kit';
import { PbDialpad, defineCustomElementPbDialpad } from '../dist/stencil/index.js';

export const tagName = 'pb-dialpad';

export function define(): void {
  reportFaults(PbDialpad);
  defineCustomElementPbDialpad();
}
