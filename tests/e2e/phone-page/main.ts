import { Phone, type GatewayToken, type RegistrationState, type SipCredential } from '@patchbay/phone';
import type { CallSnapshot } from '@patchbay/contract';
import { measureTone, type ToneReading } from '../../support/tone.js';

export interface HarnessConfig {
  /** Janus WebSocket URLs, tried in order. */
  servers: string[];
  username: string;
  proxy: string;
  /** SIP domain numbers are dialled at. */
  domain: string;
  /** How long the phone waits for any word on a transfer (the phone's default otherwise). */
  transferTimeoutMs?: number;
}

export interface Harness {
  snapshots: CallSnapshot[];
  /** "start"/"stop" calls of the ring tone hook, in order. */
  rings: string[];
  registrations: RegistrationState[];
  logs: string[];
  start(config: HarnessConfig): Promise<void>;
  phone(): Phone;
  /** Dials and returns Date.now() taken just before (for timing from the agent's click). */
  timedDial(number: string): Promise<number>;
  /** Resolves with Date.now() when the first RTP packet of the current call has arrived. */
  firstRemoteAudio(timeoutMs?: number): Promise<number>;
  /** Loudest frequency in the remote audio, over a short window. */
  remoteTone(): Promise<ToneReading>;
}

declare global {
  interface Window {
    harness: Harness;
    /**
     * Where the phone gets its credentials: functions the test exposes to the page (Playwright's
     * exposeFunction), minted by the lab in Node as a credentials service would mint them.
     */
    labGatewayToken(): Promise<GatewayToken>;
    labSipCredential(): Promise<SipCredential>;
  }
}

const audio = document.getElementById('remote-audio') as HTMLAudioElement;
let phone: Phone | null = null;

const harness: Harness = {
  snapshots: [],
  rings: [],
  registrations: [],
  logs: [],
  async start(config) {
    phone = new Phone({
      servers: config.servers,
      token: () => window.labGatewayToken(),
      account: { username: config.username, credential: () => window.labSipCredential(), proxy: config.proxy },
      toSipUri: (dialled) => `sip:${dialled.replace(/[^\w+*#]/g, '')}@${config.domain}`,
      remoteAudio: audio,
      ringTone: { start: () => harness.rings.push('start'), stop: () => harness.rings.push('stop') },
      qualityIntervalMs: 1000,
      reconnectBackoff: { initialMs: 200, maxMs: 1000, jitter: 0.5 },
      ...(config.transferTimeoutMs !== undefined ? { transferTimeoutMs: config.transferTimeoutMs } : {}),
      log: (level, message, data) => harness.logs.push(`${level} ${message} ${data === undefined ? '' : String(data instanceof Error ? data.message : JSON.stringify(data))}`),
    });
    phone.onSnapshot((snapshot) => {
      harness.snapshots.push(snapshot);
      harness.logs.push(`snapshot ${snapshot.seq} ${snapshot.status} ${snapshot.cause ?? ''} ${snapshot.causeDetail ?? ''}`);
    });
    phone.onRegistration((state) => harness.registrations.push(state));
    await phone.start();
  },
  phone() {
    if (phone === null) throw new Error('harness.start() first');
    return phone;
  },
  async timedDial(number) {
    const at = Date.now();
    await harness.phone().dial(number);
    return at;
  },
  async firstRemoteAudio(timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const report = await harness.phone().stats();
      const stats = report ? [...report.values()] : [];
      if (stats.some((s: { type: string; packetsReceived?: number }) => s.type === 'inbound-rtp' && (s.packetsReceived ?? 0) > 0)) return Date.now();
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('no remote audio');
  },
  remoteTone: () => measureTone(audio),
};
window.harness = harness;
