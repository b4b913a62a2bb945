import { defineCustomElementPbCallLog } from '../dist/stencil/index.js';

export const tagName = 'pb-call-log';
export const define = defineCustomElementPbCallLog;
