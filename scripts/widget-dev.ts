/**
 * `npm run dev -w remotes/<id> [-- --port N]`: the widget alone on a page of its own, as its team
 * develops it: an in-page bus seeded from the contract's examples (buttons publish each one), a log
 * of the commands the widget publishes, and a form to point it at a real bus. Builds the widget's
 * Stencil component, bundles the page with the widget's federation entry, and serves it over https
 * with a CA made for the run (trust it in the browser, as for `npm start`). Ctrl-C stops it.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundlePage, labTls, preferredPort, startStaticServer } from '@patchbay/devservers';
import { stencilBuild } from './build.js';

const root = resolve(import.meta.dirname, '..');
const HARNESS = join(root, 'packages/widget-kit/src/dev');

export interface WidgetDevPage {
  readonly url: string;
  close(): Promise<void>;
}

/** Builds and serves the dev page for the widget whose source is `sourceDir`. */
export async function startWidgetDevPage(sourceDir: string, { port }: { port?: number } = {}): Promise<WidgetDevPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'pb-dev-'));
  try {
    stencilBuild(sourceDir);
    await bundlePage({ entry: join(HARNESS, 'harness.ts'), outDir, alias: { '@patchbay/dev-widget': join(sourceDir, 'federation/widget.ts') } });
    await copyFile(join(HARNESS, 'index.html'), join(outDir, 'index.html'));
    const server = await startStaticServer({ root: outDir, port: port ?? (await preferredPort(5190)), tls: await labTls() });
    return {
      url: `${server.origin}/`,
      close: async () => {
        await server.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' } } });
  const [id] = positionals;
  if (!id) throw new Error('usage: npm run dev -w remotes/<id> [-- --port N]');
  const page = await startWidgetDevPage(join(root, 'remotes', id), values.port ? { port: Number(values.port) } : {});
  console.log(`${id} alone: ${page.url}  (TLS CA for this run: ${(await labTls()).caFile})`);
  const stop = async (): Promise<void> => {
    await page.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`dev: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
