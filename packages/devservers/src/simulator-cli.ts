/**
 * Runs the simulator on its own: `npm run simulator -w @patchbay/devservers -- --shell <adapter URL> [--port N]`.
 * Without --shell it frames the probe adapter page, which loads @patchbay/opencti and shows whether
 * Open CTI answers. Served over https with a lab CA made for this run (its file is printed).
 */
import { parseArgs } from 'node:util';
import { startSimulator } from '@patchbay/simulator';
import { labTls } from './lab-tls.js';
import { startProbeServer } from './probe-server.js';

const { values } = parseArgs({ options: { shell: { type: 'string' }, port: { type: 'string' } } });
const port = Number(values.port ?? process.env.PATCHBAY_SIMULATOR_PORT ?? 0);
if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got ${values.port}`);

if (values.shell === undefined && port === 0) {
  process.stderr.write('Without --shell the simulator frames the probe, which must know the simulator origin: give --port\n');
  process.exit(2);
}
const lab = await labTls();
const tls = { cert: lab.certPem, key: lab.keyPem };
const probe = values.shell === undefined ? await startProbeServer({ allowedOrigins: [`https://127.0.0.1:${port}`], tls }) : null;
const shellUrl = values.shell ?? probe!.url;

const simulator = await startSimulator({ port, shellUrl, tls });
process.stdout.write(
  `Salesforce simulator at ${simulator.origin}\n  Lightning console: ${simulator.consoleUrl('Lightning')}\n` +
    `  Classic console:   ${simulator.consoleUrl('Classic')}\n  Call center settings: ${simulator.adminUrl}\n  Framing: ${shellUrl}\n` +
    `  TLS: certificates of a CA made for this run, ${lab.caFile} (trust it in your browser to open these pages)\n`,
);
const shutdown = async () => {
  await simulator.stop();
  await probe?.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
