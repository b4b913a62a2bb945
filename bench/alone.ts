import { pathToFileURL } from 'node:url';

/** True when the module at `moduleUrl` is the script node was started with (a bench run alone). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(script).href;
}
