import { subjects } from '@patchbay/contract';
import { Backoff, type Bus } from '@patchbay/bus';
import type { AgentCredentials } from '@patchbay/opencti';
import { Phone, PhoneInUseError, type RegistrationStatus, type RingTone } from '@patchbay/phone';
import { log } from '../log.js';
import { setHealth, type Health } from '../ui/status-bar.js';

const HEALTH: Record<RegistrationStatus, [Health, string]> = {
  connecting: ['warn', 'Phone connecting…'],
  registered: ['ok', 'Phone ready'],
  reconnecting: ['warn', 'Phone reconnecting…'],
  failed: ['down', 'Phone offline'],
  stopped: ['down', 'Phone stopped'],
};

/** `sip:<dialled>@<domain of the agent's own SIP URI>`: the PBX routes numbers in its domain. */
export function sipUriFor(dialled: string, agentUri: string): string {
  const domain = agentUri.slice(agentUri.indexOf('@') + 1);
  return `sip:${dialled}@${domain}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the agent's phone and puts it on the bus: call commands from any widget drive it, its
 * snapshots go out as call state, and late joiners can ask for the latest one. Returns null where
 * this tab does not own the phone (another tab of the agent does).
 */
export interface PhoneSetup {
  gatewayUrl: string;
  credentials: AgentCredentials;
  bus: Bus;
  /** Plays the other party. */
  audio: HTMLAudioElement;
  ringTone: RingTone;
  /** The browser refused to play audio until the agent interacts with the page. */
  onAutoplayBlocked: () => void;
  /** A command the phone could not carry out, in words for the agent. */
  onCommandFailed: (message: string) => void;
}

/**
 * Starts the phone once this tab owns it: while another tab of the agent does, waits for that
 * tab to go (a takeover). Resolves true when started, false when the gateway could not be reached
 * (this tab still owns the phone and keeps trying).
 */
async function startOwning(phone: Phone): Promise<boolean> {
  for (;;) {
    try {
      await phone.start();
      return true;
    } catch (error) {
      if (!(error instanceof PhoneInUseError)) {
        log('error', 'PHONE-START', describe(error));
        return false;
      }
      // This tab's widgets still work over the bus, driving the other tab's phone.
      setHealth('phone', 'ok', 'Phone in another tab');
      await phone.whenOtherTabReleases();
    }
  }
}

/** A phone whose first start failed (gateway down) tries again, with backoff, until it is up. */
async function keepStarting(phone: Phone): Promise<void> {
  const backoff = new Backoff({ initialMs: 1000, maxMs: 15_000, jitter: 0.3 });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, backoff.next()));
    try {
      await phone.start();
      return;
    } catch (error) {
      log('warn', 'PHONE-START', describe(error));
    }
  }
}

/**
 * Runs the agent's phone and puts it on the bus: call commands from any widget drive it, its
 * snapshots go out as call state, and late joiners can ask for the latest one. Resolves once
 * this tab owns the phone (at once, or when the agent's other tab that had it closes).
 */
export async function runPhone({ gatewayUrl, credentials, bus, audio, ringTone, onAutoplayBlocked, onCommandFailed }: PhoneSetup): Promise<Phone> {
  const phone = new Phone({
    server: gatewayUrl,
    token: () => credentials.gateway.token,
    account: { username: credentials.sip.username, secret: credentials.sip.password, ...(credentials.sip.proxy ? { proxy: credentials.sip.proxy } : {}) },
    toSipUri: (dialled) => sipUriFor(dialled, credentials.sip.username),
    remoteAudio: audio,
    ringTone,
    onAutoplayBlocked,
    log: (level, message) => log(level, 'PHONE', message),
  });
  phone.onRegistration((state) => {
    const [health, label] = HEALTH[state.status];
    setHealth('phone', health, state.detail && state.status !== 'registered' ? `${label} (${state.detail})` : label);
  });
  const started = await startOwning(phone);
  phone.onSnapshot((snapshot) => {
    bus.publish(subjects.callState(bus.agentId), snapshot).catch((error: unknown) => log('error', 'CALL-STATE', describe(error)));
  });
  bus.reply(subjects.callStateQuery(bus.agentId), () => phone.snapshot);

  const act = (what: string, work: () => Promise<unknown> | void): void => {
    Promise.resolve()
      .then(work)
      .catch((error: unknown) => {
        log('warn', 'PHONE-COMMAND', `${what}: ${describe(error)}`);
        onCommandFailed(`Could not ${what}: ${describe(error)}`);
      });
  };
  const agent = bus.agentId;
  bus.subscribe(subjects.dial(agent), ({ number }) => act(`call ${number}`, () => phone.dial(number)));
  bus.subscribe(subjects.answer(agent), () => act('answer', () => phone.answer()));
  bus.subscribe(subjects.decline(agent), () => act('decline', () => phone.decline()));
  bus.subscribe(subjects.hangup(agent), () => act('hang up', () => phone.hangup()));
  bus.subscribe(subjects.mute(agent), ({ on }) => act(on ? 'mute' : 'unmute', () => phone.setMuted(on)));
  bus.subscribe(subjects.hold(agent), ({ on }) => act(on ? 'hold' : 'resume', () => (on ? phone.hold() : phone.unhold())));
  bus.subscribe(subjects.dtmf(agent), ({ digits }) =>
    act(`send ${digits}`, async () => {
      for (const digit of digits) await phone.sendDtmf(digit);
    }),
  );
  bus.subscribe(subjects.transfer(agent), ({ target }) => act(`transfer to ${target}`, () => phone.transfer(target)));
  if (!started) void keepStarting(phone);
  return phone;
}
