// `node --import ./scripts/ts-register.mjs file.ts` runs the repo's TypeScript directly.
// Not tsx: its require hook rewrites node_modules files with esbuild's keepNames, and rspack
// stringifies one of its own functions into the bundle, which then calls an undefined __name.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
