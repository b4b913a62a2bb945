/**
 * `npm start`: builds everything, then brings the whole softphone up on this machine: each widget
 * on its own origin as its team would deploy it, and the shell. Prints the URL to open.
 */
import { resolve } from 'node:path';
import { startSoftphone } from '@patchbay/devservers';
import { WIDGET_IDS } from '../rspack.config.js';
import { buildRemote, buildShell } from './build.js';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');

/** Ports for a local run; tests never use these, they pick free ones. */
const PORTS = { shell: 5170, dialpad: 5171, 'call-log': 5172, presence: 5173 } as const;

async function main(): Promise<void> {
  console.log('patchbay: building the shell and the widgets…');
  await buildShell();
  for (const id of WIDGET_IDS) await buildRemote(id);

  const softphone = await startSoftphone({
    repoRoot: root,
    distDir: dist,
    deployFile: resolve(dist, 'deploy/widgets.json'),
    widgets: WIDGET_IDS,
    config: { enabledWidgets: [...WIDGET_IDS] },
    agents: [{ id: 'agent-demo', displayName: 'Demo Agent' }],
    shellPort: PORTS.shell,
    widgetPorts: PORTS,
  });
  for (const [id, origin] of softphone.widgetOrigins) console.log(`  widget ${id.padEnd(9)} ${origin}`);
  console.log(`\nPatchbay is up. Open ${softphone.shellUrl}\n(Ctrl-C stops everything.)`);

  const stop = async (): Promise<void> => {
    await softphone.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`patchbay: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
