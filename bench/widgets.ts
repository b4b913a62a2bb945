/**
 * Prints what the first load of the composed softphone costs: gzipped bytes per part (shell,
 * each widget, the shared runtimes) and the time from navigation to every widget mounted, median
 * of several cold loads in Chromium. Figures only: it never fails on a number.
 * Needs a build (npm run build). Alone: node --import ./scripts/ts-register.mjs bench/widgets.ts
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, repoWidgets, startSoftphone } from '@patchbay/devservers';
import { copyOfDist, repoRoot } from '../tests/support/built-dist.js';
import { isEntryPoint } from './alone.js';
import { median } from './stats.js';

const WIDGETS = repoWidgets(repoRoot);
/** Parts the budget counts apart (issue 2): the bus client (nats.ws) and the gateway client (Janus). */
const APART = ' (counted apart)';

/** The shell's bus-client* and gateway-client* chunks are the clients; a widget's numbered chunk is a shared fallback. */
function partKey(part: string, path: string): string {
  if (part === 'shell') {
    if (/\/bus-client[-.]/.test(path)) return `bus client${APART}`;
    if (/\/gateway-client[-.]/.test(path)) return `gateway client${APART}`;
    return part;
  }
  return /\/\d+\.[0-9a-f]+\.js$/.test(path) ? `${part} (shared chunk)` : part;
}
const LOADS = 9;

export async function benchWidgets(): Promise<void> {
  const dist = await copyOfDist();
  const softphone = await startSoftphone({
    repoRoot,
    distDir: dist.dir,
    deployFile: join(dist.dir, 'deploy/widgets.json'),
    widgets: WIDGETS,
    config: { enabledWidgets: [...WIDGETS] },
    agents: [{ id: 'agent-bench', displayName: 'Bench Agent' }],
  });
  const browser = await launchChromium();
  try {
    const partOf = new Map<string, string>([[softphone.shell.origin, 'shell']]);
    for (const [id, origin] of softphone.widgetOrigins) partOf.set(origin, id);
    const bytes = new Map<string, number>();
    const times: number[] = [];
    for (let load = 0; load < LOADS; load++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const pending: Promise<void>[] = [];
      if (load === 0) {
        page.on('response', (response) => {
          pending.push(
            response.body().then(
              (body) => {
                const url = new URL(response.url());
                const part = partOf.get(url.origin) ?? url.origin;
                const key = partKey(part, url.pathname);
                bytes.set(key, (bytes.get(key) ?? 0) + gzipSync(body, { level: 9 }).length);
              },
              () => undefined,
            ),
          );
        });
      }
      await page.goto(softphone.shellUrl);
      await page.waitForFunction(() => document.documentElement.dataset['shell'] === 'ready');
      times.push(
        await page.evaluate(() => performance.getEntriesByName('patchbay:widgets-settled')[0]?.startTime ?? NaN),
      );
      await Promise.all(pending);
      await page.close();
    }
    const sum = (keep: (part: string) => boolean): number => [...bytes].filter(([part]) => keep(part)).reduce((total, [, n]) => total + n, 0);
    const budgeted = sum((part) => !part.endsWith(APART));
    console.log('first load, gzipped bytes (level 9) by part:');
    for (const [part, size] of [...bytes].sort()) console.log(`  ${part.padEnd(34)} ${String(size).padStart(7)} B`);
    console.log(`  ${'shell + widgets (the budget)'.padEnd(34)} ${String(budgeted).padStart(7)} B  (${(budgeted / 1024).toFixed(1)} KB; aim: 60 KB)`);
    console.log(`  ${'everything, clients included'.padEnd(34)} ${String(sum(() => true)).padStart(7)} B`);
    console.log(`navigation → all widgets mounted: median ${median(times).toFixed(0)} ms over ${LOADS} cold loads (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
  } finally {
    await browser.close();
    await softphone.close();
    await dist.remove();
  }
}

if (isEntryPoint(import.meta.url)) await benchWidgets();
