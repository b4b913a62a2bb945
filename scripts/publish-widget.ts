/**
 * `npm run publish -w remotes/<id> -- --manifest <file> --origin <url> [--version V] [--built DIR]`:
 * points widget <id>'s entry in the deploy manifest at a built version, pinning its code (sha384 of
 * remoteEntry.js) and recording the contract release the build declares. `--origin` is where
 * dist/remotes/<id>/ is served (each version in its own folder); the built folder defaults to
 * dist/remotes/<id>/<version of its package.json>. Only that widget's entry changes.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { publishWidget, widgetVersion } from '@patchbay/devservers';

const root = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { manifest: { type: 'string' }, origin: { type: 'string' }, version: { type: 'string' }, built: { type: 'string' } },
  });
  const [id] = positionals;
  if (!id || !values.manifest || !values.origin) {
    throw new Error('usage: npm run publish -w remotes/<id> -- --manifest <deploy manifest file> --origin <https origin serving dist/remotes/<id>/>');
  }
  const version = values.version ?? widgetVersion(join(root, 'remotes', id));
  const builtDir = values.built ? resolve(values.built) : join(root, 'dist/remotes', id, version);
  const entry = await publishWidget(resolve(values.manifest), { id, version, origin: values.origin.replace(/\/$/, ''), builtDir });
  console.log(`published ${id}@${version} (contract ${entry.contract}) → ${entry.entry}\n  integrity ${entry.integrity}`);
}

main().catch((error: unknown) => {
  console.error(`publish: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
