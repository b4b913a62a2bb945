import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startGatewayGuard, type GatewayGuard, type GuardLogger } from '@patchbay/gateway-guard';
import { labTls } from './lab-tls.js';
import { freePort } from './ports.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './process.js';
import { renderConfigFolder } from './lab-config.js';
import { claimPortRange } from './port-blocks.js';
import { signJanusToken } from '@patchbay/credentials';

export interface JanusOptions {
  debugLevel?: number;
  /** The token secret; gateways that share one accept the same tokens (a fail-over pair). Random by default. */
  tokenSecret?: string;
  /** Origins whose pages the guard lets connect (the shell's); by default it checks no origin. */
  pageOrigins?: readonly string[];
}

export interface RunningJanus {
  /**
   * The gateway guard in front of Janus, wss://127.0.0.1:<port> with the run's lab certificate:
   * what pages and tests connect to, speaking the `janus-protocol` subprotocol.
   */
  readonly url: string;
  /** The guard's port. */
  readonly port: number;
  /** Janus's own WebSocket on loopback, plain ws: for the guard and readiness probes, never for pages. */
  readonly upstreamUrl: string;
  readonly configDir: string;
  /** The ports the SIP plugin takes the far end's RTP on (a media relay in the lab listens on the same ones). */
  readonly sipRtpPorts: { min: number; max: number };
  readonly logFile: string;
  /** What the guard refused, a line each. */
  readonly guardLogFile: string;
  /** The Janus process's id while it runs (to read its CPU and memory from /proc). */
  pid(): number | undefined;
  /** A fresh token for the SIP plugin, signed with this instance's secret. */
  token(ttlSeconds?: number): string;
  /** The secret its tokens are signed with, for a second gateway that must accept them. */
  readonly tokenSecret: string;
  /**
   * SIGTERM, then start again on the same ports and config (a gateway restart as agents see it):
   * the guard stays up, so pages see their connection close and, until Janus is back, new ones
   * refused. After stop(), brings the guard back too.
   */
  restart(): Promise<void>;
  /** SIGTERM without restarting, and the guard closes (the gateway goes away). */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Asks Janus `{"janus":"info"}` over its own WebSocket (`upstreamUrl`; the guard refuses `info`);
 * true once it answers with server info.
 */
export async function probeJanus(url: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'janus-protocol');
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('open', () => socket.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
    socket.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { janus?: string };
      done(reply.janus === 'server_info');
    });
    socket.on('error', () => done(false));
  });
}

/**
 * Starts Janus with gateway-config/janus rendered on free ports into a temp folder, and resolves
 * once it answers `info` over its WebSocket (failing fast if the process exits first), with the
 * gateway guard in front of it on another free port, terminating TLS.
 */
export async function startJanus(options: JanusOptions = {}): Promise<RunningJanus> {
  const janusPort = await freePort();
  const guardPort = await freePort();
  const secret = options.tokenSecret ?? randomBytes(24).toString('hex');
  const webrtc = claimPortRange(200);
  const sipRtp = claimPortRange(200);
  const configDir = await renderConfigFolder(
    'janus',
    {
      DEBUG_LEVEL: options.debugLevel ?? 4,
      TOKEN_SECRET: secret,
      WEBRTC_PORT_RANGE: `${webrtc.min}-${webrtc.max}`,
      ICE_INTERFACES: 'lo',
      SIP_LOCAL_IP: '127.0.0.1',
      SIP_RTP_PORT_RANGE: `${sipRtp.min}-${sipRtp.max}`,
      WS_PORT: janusPort,
    },
    'janus',
  );
  const logFile = join(configDir, 'janus.log');
  const guardLogFile = join(configDir, 'gateway-guard.log');
  // Into a file like the servers' output, so a test's console stays quiet.
  const logger: GuardLogger = { warn: (message) => appendFileSync(guardLogFile, `${new Date().toISOString()} ${message}\n`) };
  const upstreamUrl = `ws://127.0.0.1:${janusPort}`;
  const tls = await labTls();
  let proc: ManagedProcess | undefined;
  let guard: GatewayGuard | null = null;
  const launch = async (): Promise<void> => {
    // TPORT_LOG has Janus's SIP stack write every SIP message it sends and receives to the output
    // log, so a call that fails between Janus and the PBX can be read message by message.
    proc = startProcess({ name: 'janus', command: 'janus', args: ['-F', configDir, '-L', logFile], logFile: `${logFile}.out`, env: { ...process.env, TPORT_LOG: '1' } });
    await waitUntilReady(proc, () => probeJanus(upstreamUrl), { logFile });
    guard ??= await startGatewayGuard({
      host: '127.0.0.1',
      port: guardPort,
      upstream: upstreamUrl,
      tls: { cert: tls.certPem, key: tls.keyPem },
      ...(options.pageOrigins ? { allowedOrigins: options.pageOrigins } : {}),
      logger,
    });
  };
  const stop = async (): Promise<void> => {
    await proc?.stop();
    await guard?.close();
    guard = null;
    webrtc.release();
    sipRtp.release();
  };
  try {
    await launch();
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return {
    url: `wss://127.0.0.1:${guardPort}`,
    port: guardPort,
    upstreamUrl,
    configDir,
    sipRtpPorts: { min: sipRtp.min, max: sipRtp.max },
    logFile,
    guardLogFile,
    pid: () => proc?.child.pid,
    token: (ttlSeconds) => signJanusToken(secret, { ttlSeconds }),
    tokenSecret: secret,
    restart: async () => {
      await proc?.stop();
      await launch();
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
