import { defineCustomElementPbPresence } from '../dist/stencil/index.js';

export const tagName = 'pb-presence';
export const define = defineCustomElementPbPresence;
