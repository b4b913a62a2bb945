import { reportFaults } from '@patchbay/widget-kit';
import { PbCallLog, defineCustomElementPbCallLog } from '../dist/stencil/index.js';

export const tagName = 'pb-call-log';

export function define(): void {
  reportFaults(PbCallLog);
  defineCustomElementPbCallLog();
}
