import { defineCustomElementPbDialpad } from '../dist/stencil/index.js';

export const tagName = 'pb-dialpad';
export const define = defineCustomElementPbDialpad;
