import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startProcess, waitUntilReady } from './process.js';
import { renderConfigFolder } from './lab-config.js';
import { mintSipCredentials, type SipCredentials } from '@patchbay/credentials';
import { queryBindings, type SipBinding } from './sip-bindings.js';

export interface KamailioOptions {
  /**
   * The shared secrets auth_ephemeral verifies credentials with: all are accepted (during a
   * rotation, the new one and the old one); the first is the one `credentials()` mints with.
   * One random secret by default.
   */
  secrets?: readonly string[];
  /**
   * Calls of the reserved user "impaired" go through the lab's media relay: the far end's RTP port
   * and the relay's port that stands for it (RTCP: one above each). Without it, such calls get 503.
   */
  impairedMedia?: { farEndRtpPort: number; relayRtpPort: number };
}

export interface RunningKamailio {
  /** UDP port on 127.0.0.1. */
  readonly port: number;
  /** `sip:127.0.0.1:<port>`: the registrar and outbound proxy. */
  readonly proxy: string;
  /** `127.0.0.1:<port>`: the SIP domain of its users. */
  readonly domain: string;
  readonly logFile: string;
  /** `sip:<user>@127.0.0.1:<port>`: the address of a user of this registrar. */
  uri(user: string): string;
  /** Ephemeral credentials of `user` that this registrar accepts for `ttlSeconds` (the first secret's). */
  credentials(user: string, ttlSeconds: number): SipCredentials;
  /** The contacts the registrar holds for `user` now (calls to the user fork to each of them). */
  bindings(user: string): Promise<SipBinding[]>;
  /**
   * Suspends kamailio and its workers (SIGSTOP): requests wait unanswered, as at a registrar
   * that hangs, until the returned function resumes it.
   */
  freeze(): () => void;
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

/** `pid` and every process under it (kamailio forks its workers). */
function processTree(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return [pid, ...children.flatMap(processTree)];
}

/** Quotes a secret for kamailio's config language (secrets come from the lab, never from users). */
function kamailioString(value: string): string {
  if (!/^[\w.+/=-]+$/.test(value)) throw new Error('a lab SIP secret may use letters, digits and . + / = - _ only');
  return `"${value}"`;
}

/** Starts kamailio with gateway-config/lab/kamailio on a free UDP port; resolves once it answers OPTIONS. */
export async function startKamailio(options: KamailioOptions = {}): Promise<RunningKamailio> {
  const port = await freePort();
  const secrets = options.secrets ?? [randomBytes(24).toString('base64')];
  const [minting] = secrets;
  if (minting === undefined) throw new Error('kamailio needs at least one shared secret');
  const dir = await renderConfigFolder(
    'lab/kamailio',
    {
      SIP_PORT: port,
      NONCE_SECRET: randomBytes(16).toString('hex'),
      IMPAIRED_FAR_END_RTP: options.impairedMedia?.farEndRtpPort ?? 0,
      IMPAIRED_FAR_END_RTCP: (options.impairedMedia?.farEndRtpPort ?? -1) + 1,
      IMPAIRED_RELAY_RTP: options.impairedMedia?.relayRtpPort ?? 0,
      IMPAIRED_RELAY_RTCP: (options.impairedMedia?.relayRtpPort ?? -1) + 1,
      EPHEMERAL_SECRETS: secrets.map((secret) => `modparam("auth_ephemeral", "secret", ${kamailioString(secret)})`).join('\n'),
    },
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
  let frozen: number[] = [];
  const thaw = (): void => {
    for (const pid of frozen.splice(0)) process.kill(pid, 'SIGCONT');
  };
  const stop = (): Promise<void> => {
    thaw();
    return proc.stop();
  };
  const domain = `127.0.0.1:${port}`;
  return {
    port,
    proxy: `sip:${domain}`,
    domain,
    logFile,
    uri: (user) => `sip:${user}@${domain}`,
    credentials: (user, ttlSeconds) => mintSipCredentials({ secret: minting, user, domain, ttlSeconds }),
    bindings: (user) => queryBindings(port, user, mintSipCredentials({ secret: minting, user, domain, ttlSeconds: 60 })),
    freeze: () => {
      frozen = processTree(proc.child.pid!);
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
      return thaw;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
