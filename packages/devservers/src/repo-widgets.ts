import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repo's own widgets: every folder under remotes/ with a package.json, its id the folder's
 * name. The build, `npm start` and the benchmarks read this one list, so a widget the kit
 * scaffolds (or a team adds) is built, served and measured with no edit anywhere else.
 */
export function repoWidgets(repoRoot: string): string[] {
  const remotes = join(repoRoot, 'remotes');
  return readdirSync(remotes, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(remotes, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();
}

/** A widget's version, as its team last released it: its source folder's package.json. */
export function widgetVersion(sourceDir: string): string {
  return (JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8')) as { version: string }).version;
}
