/**
 * Runs the gateway guard in front of a Janus whose WebSocket listens on loopback only:
 *
 *   npm start -w @patchbay/gateway-guard -- --listen 0.0.0.0:8989 --upstream ws://127.0.0.1:8188 \
 *     --cert /etc/patchbay/gateway.pem --key /etc/patchbay/gateway.key \
 *     --allowed-origin https://softphone.example.com [--allowed-origin ...]
 *
 * With --cert and --key (PEM files) it serves wss; without, plain ws for a proxy that terminates
 * TLS in front of it. Without --allowed-origin any page may connect (not for production).
 * --reclaim-window-ms and --heartbeat-ms tune how fast a dead page's session goes (see guard.ts).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startGatewayGuard } from './guard.js';

const { values } = parseArgs({
  options: {
    listen: { type: 'string' },
    upstream: { type: 'string' },
    'allowed-origin': { type: 'string', multiple: true },
    cert: { type: 'string' },
    key: { type: 'string' },
    'reclaim-window-ms': { type: 'string' },
    'heartbeat-ms': { type: 'string' },
  },
});

function usage(problem: string): never {
  process.stderr.write(
    `gateway-guard: ${problem}\nusage: --listen host:port --upstream ws://127.0.0.1:port [--cert file.pem --key file.key] [--allowed-origin https://origin ...] [--reclaim-window-ms 3000] [--heartbeat-ms 3000]\n`,
  );
  process.exit(2);
}

function parseListen(listen: string): { host: string; port: number } {
  let url: URL;
  try {
    // A scheme without a default port, so :80 stays a port and a missing one shows.
    url = new URL(`tcp://${listen}`);
  } catch {
    usage(`--listen must be host:port, got ${listen}`);
  }
  if (url.port === '' || url.pathname !== '') usage(`--listen must be host:port, got ${listen}`);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) };
}

if (values.listen === undefined) usage('--listen is required');
if (values.upstream === undefined || !/^wss?:\/\//.test(values.upstream)) usage('--upstream must be a ws:// URL');
const allowedOrigins = values['allowed-origin'] ?? [];
for (const origin of allowedOrigins) {
  if (!URL.canParse(origin) || new URL(origin).origin !== origin) usage(`--allowed-origin must be an origin like https://host[:port], got ${origin}`);
}

if ((values.cert === undefined) !== (values.key === undefined)) usage('--cert and --key go together');
const tls = values.cert !== undefined && values.key !== undefined ? { cert: readFileSync(values.cert, 'utf8'), key: readFileSync(values.key, 'utf8') } : undefined;

function parseMs(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) usage(`--${flag} must be a whole number of ms above 0, got ${value}`);
  return Number(value);
}
const reclaimWindowMs = parseMs('reclaim-window-ms', values['reclaim-window-ms']);
const heartbeatMs = parseMs('heartbeat-ms', values['heartbeat-ms']);

const guard = await startGatewayGuard({
  ...parseListen(values.listen),
  upstream: values.upstream,
  allowedOrigins,
  ...(tls ? { tls } : {}),
  ...(reclaimWindowMs !== undefined ? { reclaimWindowMs } : {}),
  ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
});
process.stdout.write(`gateway-guard: ${guard.url} → ${values.upstream}; ${allowedOrigins.length > 0 ? `pages from ${allowedOrigins.join(', ')}\n` : 'pages from any origin (no --allowed-origin)\n'}`);
const shutdown = async (): Promise<void> => {
  await guard.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
