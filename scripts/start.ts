/**
 * `npm start`: builds everything, then brings the whole system up on this machine: nats-server,
 * Janus, the lab SIP far end (kamailio registrar, baresip customer phone), each widget on its own
 * origin as its team would deploy it, the shell, and the Salesforce simulator framing it. Prints
 * the URL to open.
 */
import { resolve } from 'node:path';
import { preferredPort, repoWidgets, startStack, DEFAULT_CUSTOMER } from '@patchbay/devservers';
import { buildRemote, buildShell } from './build.js';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');
const widgets = repoWidgets(root);

/** Ports for a local run, so the URLs stay the same between runs (a held one is swapped for a free one); tests pick free ones. */
async function localPorts() {
  const simulator = await preferredPort(5180);
  const shell = await preferredPort(5170);
  const widgetPorts: Record<string, number> = {};
  for (const [index, id] of widgets.entries()) {
    const port = 5171 + index;
    widgetPorts[id] = await preferredPort(port >= 5180 ? port + 1 : port); // the simulator has 5180
  }
  return { simulator, shell, widgets: widgetPorts };
}

async function main(): Promise<void> {
  console.log('patchbay: building the shell and the widgets…');
  await buildShell();
  for (const id of widgets) await buildRemote(id);

  console.log('patchbay: starting nats-server, Janus, kamailio, baresip, the widgets, the shell and the simulator…');
  const stack = await startStack({
    repoRoot: root,
    distDir: dist,
    deployFile: resolve(dist, 'deploy/widgets.json'),
    widgets,
    ports: await localPorts(),
  });
  console.log(`  bus (NATS WebSocket)  ${stack.bus.server.wsUrl}`);
  console.log(`  gateway (guard)       ${stack.janus.url}  (Janus itself: ${stack.janus.upstreamUrl}, loopback only)`);
  console.log(`  registrar (kamailio)  ${stack.registrar.proxy}`);
  for (const [id, origin] of stack.softphone.widgetOrigins) console.log(`  widget ${id.padEnd(14)} ${origin}`);
  console.log(`  shell                 ${stack.softphone.shellUrl}`);
  console.log(`  admin                 ${stack.simulator.adminUrl}`);
  console.log(`  TLS CA                made for this run, signs the certificate of every https and wss above: ${stack.tls.caFile}`);
  console.log(`\nPatchbay is up. Open ${stack.simulator.consoleUrl('Lightning')}`);
  console.log('in a browser that trusts this run\'s CA (the file above; see "Opening the lab in your own browser" in README.md).');
  console.log(`(The customer phone answers at ${DEFAULT_CUSTOMER}: click Ada Lovelace's number. Ctrl-C stops everything.)`);

  const stop = async (): Promise<void> => {
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`patchbay: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
