import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startProcess, waitUntilReady } from './process.js';
import { renderConfigFolder } from './lab-config.js';
import { claimPortRange } from './port-blocks.js';
import { BaresipControl, type BaresipEvent } from './baresip-control.js';
import type { RunningKamailio } from './kamailio.js';

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export class RegistrationRefusedError extends Error {
  override name = 'RegistrationRefusedError';
  constructor(
    readonly user: string,
    readonly registration: string,
  ) {
    super(`the lab registrar refused ${user}: ${registration}`);
  }
}

/**
 * How the customer phone treats the next incoming calls: answer at once, refuse as busy (486;
 * baresip 1.0 rejects with no other code, the registrar's user "declined" gives a 603), or ring
 * until the caller gives up.
 */
export type AcceptMode = 'answer' | 'busy' | 'ring';

/** A customer phone's credentials last the lab's life: what the lab tests is the agents' renewal. */
const CUSTOMER_CREDENTIALS_TTL_SECONDS = 30 * 24 * 3600;

export interface CustomerPhoneOptions {
  registrar: RunningKamailio;
  user?: string;
  /** Digest credentials to register with; by default ones the registrar accepts for 30 days. */
  credentials?: { authUser: string; password: string };
  /** The tone it sends when in a call, so a test can tell who the agent hears; default 440. */
  toneHz?: number;
  /** The ports it takes RTP on (an even first port: RTP, then RTCP); 100 random ones by default. */
  rtpPorts?: { min: number; max: number };
}

/**
 * RTP packets the phone has received in its current call, from baresip 1.0's `audio_debug` (its
 * RTCP session's member line: `... psent=<n> rcvd=<n>`); null without a call.
 */
export function packetsReceived(audioDebug: string): number | null {
  const match = /\brcvd=(\d+)/.exec(audioDebug);
  return match ? Number(match[1]) : null;
}

export interface CustomerPhone {
  /** `sip:<user>@127.0.0.1:<registrar port>`: what the agent dials. */
  readonly uri: string;
  readonly user: string;
  /** The ports it takes RTP on. */
  readonly rtpPorts: { min: number; max: number };
  /** Path of the wav of what the customer heard in the latest call (the agent's voice), or null. */
  recordedAudio(): Promise<string | null>;
  readonly logFile: string;
  /** Every ctrl_tcp event so far, oldest first. */
  readonly events: readonly BaresipEvent[];
  /** Resolves with the first event of that type at index `after` or later in `events` (seen or coming). */
  waitForEvent(type: string, options?: { after?: number; timeoutMs?: number }): Promise<BaresipEvent>;
  dial(uri: string): Promise<void>;
  hangup(): Promise<void>;
  /** RTP packets received in the current call; null without one. */
  packetsReceived(): Promise<number | null>;
  setAcceptMode(mode: AcceptMode): Promise<void>;
  /**
   * Suspends the phone's process (SIGSTOP): it receives nothing and answers nothing, as a hung
   * far end would, until the returned function resumes it. Control commands wait meanwhile.
   */
  freeze(): () => void;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The tone of the lab's n-th far-end phone: the first 440 Hz, the others apart from it and each other. */
export function labToneHz(index: number): number {
  return [440, 660, 880, 1100][index % 4]!;
}

/**
 * Starts baresip as the lab customer: registered at the lab registrar (which also checks its
 * calls come from it: baresip answers the registrar's challenges), answers automatically
 * with a tone (440 Hz unless told) and records what it hears; readiness is its registration being accepted.
 */
export async function startCustomerPhone(options: CustomerPhoneOptions): Promise<CustomerPhone> {
  const user = options.user ?? 'customer';
  const credentials = options.credentials ?? options.registrar.credentials(user, CUSTOMER_CREDENTIALS_TTL_SECONDS);
  const [sipPort, ctrlPort] = [await freePort(), await freePort()];
  // Ports given by the caller are the caller's to claim and give back.
  const claimed = options.rtpPorts === undefined ? claimPortRange(100) : null;
  const rtp = options.rtpPorts ?? { min: claimed!.min, max: claimed!.max };
  const dir = await renderConfigFolder(
    'lab/customer',
    {
      SIP_PORT: sipPort!,
      CTRL_PORT: ctrlPort!,
      RTP_MIN: rtp.min,
      RTP_MAX: rtp.max,
      RECORDINGS_DIR: '.',
      USER: user,
      AUTH_USER: credentials.authUser,
      PASSWORD: credentials.password,
      TONE_HZ: options.toneHz ?? 440,
      REGISTRAR_PORT: options.registrar.port,
    },
    `baresip-${randomBytes(3).toString('hex')}`,
  );
  const logFile = join(dir, 'baresip.log');
  // cwd = the config folder, so the relative recording path lands there.
  const proc = startProcess({ name: 'baresip', command: 'baresip', args: ['-f', dir, '-v'], cwd: dir, logFile });
  let control: BaresipControl | undefined;
  const events: BaresipEvent[] = [];
  let registration = '';
  await waitUntilReady(
    proc,
    async () => {
      if (control === undefined) {
        control = await BaresipControl.connect(ctrlPort!);
        control.on('event', (event) => events.push(event));
      }
      // The registration line reads "> sip:user@host  OK  kamailio…" once the registrar said
      // 200, "ERR" once it refused: both end the wait, a refusal without the time-out.
      registration = stripAnsi((await control.command('reginfo')).data);
      return /\s(OK|ERR)\s/.test(registration);
    },
    { logFile },
  );
  if (!/\sOK\s/.test(registration)) {
    control?.close();
    await proc.stop();
    throw new RegistrationRefusedError(user, registration.trim());
  }
  const ctrl = control!;
  let mode: AcceptMode = 'answer';
  ctrl.on('event', (event) => {
    if (event.type !== 'CALL_INCOMING' || mode !== 'busy') return;
    void ctrl.command('hangup').catch(() => undefined);
  });

  const waitForEvent = (type: string, { after = 0, timeoutMs = 10_000 } = {}): Promise<BaresipEvent> => {
    const seen = events.slice(after).find((e) => e.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ctrl.off('event', listener);
        reject(new Error(`baresip sent no ${type} after event ${after} within ${timeoutMs} ms; see ${logFile}`));
      }, timeoutMs);
      const listener = (event: BaresipEvent): void => {
        if (event.type !== type) return;
        clearTimeout(timer);
        ctrl.off('event', listener);
        resolve(event);
      };
      ctrl.on('event', listener);
    });
  };

  const stop = async (): Promise<void> => {
    proc.child.kill('SIGCONT');
    ctrl.close();
    await proc.stop();
    claimed?.release();
  };
  return {
    uri: options.registrar.uri(user),
    user,
    rtpPorts: rtp,
    recordedAudio: async () => {
      const dumps = (await readdir(dir)).filter((name) => name.endsWith('-dec.wav')).map((name) => join(dir, name));
      const dated = await Promise.all(dumps.map(async (path) => ({ path, mtime: (await stat(path)).mtimeMs })));
      return dated.sort((a, b) => a.mtime - b.mtime).at(-1)?.path ?? null;
    },
    logFile,
    events,
    waitForEvent,
    dial: async (uri) => {
      await ctrl.command(`dial ${uri}`);
    },
    hangup: async () => {
      await ctrl.command('hangup');
    },
    packetsReceived: async () => packetsReceived(stripAnsi((await ctrl.command('audio_debug')).data)),
    setAcceptMode: async (next) => {
      await ctrl.command(`answermode ${next === 'answer' ? 'auto' : 'manual'}`);
      mode = next;
    },
    freeze: () => {
      proc.child.kill('SIGSTOP');
      return () => proc.child.kill('SIGCONT');
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
