/**
 * Runs the simulator on its own: `npm start -w @patchbay/simulator -- --shell <adapter URL> [--port N]`.
 * Without --shell it frames the probe adapter page, which loads @patchbay/opencti and shows whether
 * Open CTI answers.
 */
import { parseArgs } from 'node:util';
import { startProbeServer } from './probe-server.js';
import { startSimulator } from './server.js';

const { values } = parseArgs({ options: { shell: { type: 'string' }, port: { type: 'string' } } });
const port = Number(values.port ?? process.env.PATCHBAY_SIMULATOR_PORT ?? 0);
if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got ${values.port}`);

if (values.shell === undefined && port === 0) {
  process.stderr.write('Without --shell the simulator frames the probe, which must know the simulator origin: give --port\n');
  process.exit(2);
}
const probe = values.shell === undefined ? await startProbeServer({ allowedOrigins: [`http://127.0.0.1:${port}`] }) : null;
const shellUrl = values.shell ?? probe!.url;

const simulator = await startSimulator({ port, shellUrl });
process.stdout.write(
  `Salesforce simulator at ${simulator.origin}\n  Lightning console: ${simulator.consoleUrl('Lightning')}\n` +
    `  Classic console:   ${simulator.consoleUrl('Classic')}\n  Call center settings: ${simulator.adminUrl}\n  Framing: ${shellUrl}\n`,
);
const shutdown = async () => {
  await simulator.stop();
  await probe?.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
