/**
 * Bus round trip widget → phone → widget through nats-server's WebSocket from headless Chromium:
 * a page bundled at bench time with @patchbay/bus and @patchbay/contract runs the same measurement
 * as bench/bus-rtt.ts (bench/bus-measure.ts) against a real nats-server. Figures only.
 * Alone: node --import ./scripts/ts-register.mjs bench/bus-rtt-browser.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentId } from '@patchbay/contract';
import { bundlePage, freePort, labTls, launchChromium, startBusLab, startStaticServer } from '@patchbay/devservers';
import { isEntryPoint } from './alone.js';
import { describeBusFigures, describeFloors } from './bus-measure.js';
import type { BusPageConfig } from './bus-page/main.js';

const agent = agentId('agent-bench');

/** Cross-origin isolated, so the page's timer is not coarsened to 100 µs. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bus bench</title></head>
<body><script src="/main.js"></script></body></html>`;

export async function benchBusRttBrowser(): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'pb-bench-bus-page-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(outDir, { recursive: true, force: true })];
  try {
    const built = performance.now();
    await bundlePage({ entry: join(import.meta.dirname, 'bus-page/main.ts'), outDir, mode: 'production' });
    console.log(`(page bundled in ${((performance.now() - built) / 1000).toFixed(1)} s)`);
    const server = await startStaticServer({
      root: outDir,
      port: await freePort(),
      tls: await labTls(),
      routes: {
        '/': (_request, response) => {
          response.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cross-origin-opener-policy': 'same-origin',
            'cross-origin-embedder-policy': 'require-corp',
          });
          response.end(PAGE);
        },
      },
    });
    cleanups.push(() => server.close());
    const lab = await startBusLab({ pageOrigins: [server.origin] });
    cleanups.push(() => lab.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'busBench' in window);
    const config: BusPageConfig = { wsUrl: lab.server.wsUrl, agent, jwt: await lab.jwtFor(agent) };
    const result = await page.evaluate((c) => window.busBench.run(c), config);
    for (const line of describeFloors('Chromium', result.floors)) console.log(line);
    for (const { label, figures } of result.runs) console.log(describeBusFigures(`Chromium, ${label}`, figures, result.floors));
    console.log(`(page timer: ${result.crossOriginIsolated ? 'cross-origin isolated, 5 µs steps' : 'not isolated, 100 µs steps'})`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

if (isEntryPoint(import.meta.url)) await benchBusRttBrowser();
