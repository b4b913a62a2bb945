import { subjects } from '@patchbay/contract';
import type { Bus, Unsubscribe } from '@patchbay/bus';
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
}

export async function runPhone({ gatewayUrl, credentials, bus, audio, ringTone, onAutoplayBlocked }: PhoneSetup): Promise<Phone | null> {
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
  const offs: Unsubscribe[] = [];
  phone.onSnapshot((snapshot) => {
    bus.publish(subjects.callState(bus.agentId), snapshot).catch((error: unknown) => log('error', 'CALL-STATE', describe(error)));
  });
  offs.push(bus.reply(subjects.callStateQuery(bus.agentId), () => phone.snapshot));

  const act = (what: string, work: () => Promise<unknown> | void): void => {
    Promise.resolve()
      .then(work)
      .catch((error: unknown) => log('warn', 'PHONE-COMMAND', `${what}: ${describe(error)}`));
  };
  const agent = bus.agentId;
  offs.push(
    bus.subscribe(subjects.dial(agent), ({ number }) => act('dial', () => phone.dial(number))),
    bus.subscribe(subjects.answer(agent), () => act('answer', () => phone.answer())),
    bus.subscribe(subjects.decline(agent), () => act('decline', () => phone.decline())),
    bus.subscribe(subjects.hangup(agent), () => act('hangup', () => phone.hangup())),
    bus.subscribe(subjects.mute(agent), ({ on }) => act('mute', () => phone.setMuted(on))),
    bus.subscribe(subjects.hold(agent), ({ on }) => act('hold', () => (on ? phone.hold() : phone.unhold()))),
    bus.subscribe(subjects.dtmf(agent), ({ digits }) => act('dtmf', async () => {
      for (const digit of digits) await phone.sendDtmf(digit);
    })),
    bus.subscribe(subjects.transfer(agent), ({ target }) => act('transfer', () => phone.transfer(target))),
  );
  try {
    await phone.start();
  } catch (error) {
    if (error instanceof PhoneInUseError) {
      // Another tab of this agent owns the phone; this tab's widgets still work over the bus.
      offs.forEach((off) => off());
      setHealth('phone', 'ok', 'Phone in another tab');
      return null;
    }
    // The phone keeps trying to reach the gateway by itself; its state shows in the status bar.
    log('error', 'PHONE-START', describe(error));
  }
  return phone;
}
