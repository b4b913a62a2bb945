import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startProcess, waitUntilReady } from './process.js';
import { renderConfigFolder } from './lab-config.js';

export interface KamailioOptions {
  /** SIP users allowed to REGISTER, user → password (the agents and the lab customer). */
  credentials: Record<string, string>;
}

export interface RunningKamailio {
  /** UDP port on 127.0.0.1. */
  readonly port: number;
  /** `sip:127.0.0.1:<port>`: the registrar and outbound proxy. */
  readonly proxy: string;
  readonly logFile: string;
  /** `sip:<user>@127.0.0.1:<port>`: the address of a user of this registrar. */
  uri(user: string): string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Sends a SIP OPTIONS over UDP and resolves true on any final SIP response. */
export async function probeSip(port: number, timeoutMs = 500): Promise<boolean> {
  const socket = createSocket('udp4');
  const branch = `z9hG4bK${randomBytes(6).toString('hex')}`;
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (data) => done(/^SIP\/2\.0 [2-6]\d\d/.test(String(data))));
    socket.on('error', () => done(false));
    socket.bind(0, '127.0.0.1', () => {
      const local = socket.address().port;
      const message = [
        `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch};rport`,
        'Max-Forwards: 5',
        `From: <sip:probe@127.0.0.1:${local}>;tag=${branch.slice(7)}`,
        `To: <sip:127.0.0.1:${port}>`,
        `Call-ID: ${branch}@127.0.0.1`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(message, port, '127.0.0.1');
    });
  });
}

/** Quotes a value for kamailio's config language (credentials come from tests, never from users). */
function kamailioString(value: string): string {
  if (!/^[\w.@+-]*$/.test(value)) throw new Error(`lab credential "${value}" may use letters, digits and . @ + - _ only`);
  return `"${value}"`;
}

/** Starts kamailio with gateway-config/lab/kamailio on a free UDP port; resolves once it answers OPTIONS. */
export async function startKamailio(options: KamailioOptions): Promise<RunningKamailio> {
  const port = await freePort();
  const credentials = Object.entries(options.credentials)
    .map(([user, password]) => `\t$sht(credentials=>${kamailioString(user).slice(1, -1)}) = ${kamailioString(password)};`)
    .join('\n');
  const dir = await renderConfigFolder(
    'lab/kamailio',
    { SIP_PORT: port, NONCE_SECRET: randomBytes(16).toString('hex'), CREDENTIALS: credentials },
    'kamailio',
  );
  const logFile = join(dir, 'kamailio.log');
  const proc = startProcess({
    name: 'kamailio',
    command: 'kamailio',
    args: ['-f', join(dir, 'kamailio.cfg'), '-DD', '-E', '-Y', dir, '-P', join(dir, 'kamailio.pid'), '-w', dir, '-m', '32', '-M', '8'],
    logFile,
  });
  await waitUntilReady(proc, () => probeSip(port), { logFile });
  const stop = (): Promise<void> => proc.stop();
  return {
    port,
    proxy: `sip:127.0.0.1:${port}`,
    logFile,
    uri: (user) => `sip:${user}@127.0.0.1:${port}`,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
