/**
 * `npm run new-widget -- <id> [--title "Wrap-up notes"] [--into <folder>]`: scaffolds a widget in
 * remotes/<id> (or <folder>/<id>) from the widget kit's template: a Stencil component, its
 * federation entry, a test, a README and a changelog. It builds, runs alone (`npm run dev`), is
 * tested by `npm test` and publishes as it is; nothing outside its folder needs an edit.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTRACT_SEMVER } from '@patchbay/contract';
import { WIDGET_ID_RULE, isWidgetId } from '../shell/src/widgets/deploy-manifest.js';

const root = resolve(import.meta.dirname, '..');
const TEMPLATE = join(root, 'packages/widget-kit/template');

export interface WidgetNames {
  id: string;
  tag: string;
  className: string;
  namespace: string;
  title: string;
}

export function widgetNames(id: string, title?: string): WidgetNames {
  if (!isWidgetId(id) || id.endsWith('-')) throw new Error(`"${id}" cannot be a widget id: ${WIDGET_ID_RULE}, not ending with a dash`);
  const words = id.split('-').filter((word) => word !== '');
  return {
    id,
    tag: `pb-${id}`,
    className: `Pb${words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}`,
    namespace: `pb${words.join('')}`,
    title: title ?? words.join(' ').replace(/^./, (first) => first.toUpperCase()),
  };
}

function fill(text: string, names: WidgetNames): string {
  return text
    .replaceAll('__ID__', names.id)
    .replaceAll('__TAG__', names.tag)
    .replaceAll('__CLASS__', names.className)
    .replaceAll('__NAMESPACE__', names.namespace)
    .replaceAll('__TITLE__', names.title)
    .replaceAll('__CONTRACT__', CONTRACT_SEMVER);
}

/** Writes the widget's folder; refuses to overwrite one that exists. Returns the files written. */
export async function scaffoldWidget(id: string, { into = join(root, 'remotes'), title }: { into?: string; title?: string } = {}): Promise<string[]> {
  const names = widgetNames(id, title);
  const target = join(into, id);
  if (existsSync(target)) throw new Error(`${target} exists already: pick another id, or remove it first`);
  const written: string[] = [];
  for (const entry of await readdir(TEMPLATE, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    const to = join(target, fill(relative(TEMPLATE, from), names));
    await mkdir(resolve(to, '..'), { recursive: true });
    await writeFile(to, fill(await readFile(from, 'utf8'), names));
    written.push(to);
  }
  return written;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { title: { type: 'string' }, into: { type: 'string' } } });
  const [id] = positionals;
  if (!id) throw new Error('usage: npm run new-widget -- <id> [--title "Wrap-up notes"] [--into <folder>]');
  const files = await scaffoldWidget(id, { ...(values.into ? { into: resolve(values.into) } : {}), ...(values.title ? { title: values.title } : {}) });
  for (const file of files) console.log(`  wrote ${relative(process.cwd(), file)}`);
  console.log(`\n${id} is ready: npm run dev -w remotes/${id}   (see remotes/${id}/README.md)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`new-widget: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
