import { subjects, type CallCommandKind, type Subject, type TransferCommand } from '@patchbay/contract';
import { Backoff, type Bus } from '@patchbay/bus';
import type { AgentCredentials } from '@patchbay/opencti';
import { Phone, PhoneInUseError, type RegistrationStatus, type RingTone } from '@patchbay/phone';
import { describeError, log } from '../log.js';
import { CommandGate } from './command-gate.js';
import { setHealth, type Health } from '../ui/status-bar.js';

const HEALTH: Record<RegistrationStatus, [Health, string]> = {
  connecting: ['warn', 'Phone connecting…'],
  registered: ['ok', 'Phone ready'],
  reconnecting: ['warn', 'Phone reconnecting…'],
  failed: ['down', 'Phone offline'],
  stopped: ['down', 'Phone stopped'],
};

/**
 * A SIP URI as it is; a number as `sip:<number>@<domain of the agent's own SIP URI>` (the PBX routes
 * numbers in its domain), after the host's dialing rules.
 */
export function sipUriFor(dialled: string, agentUri: string, dialString: (dialled: string) => string): string {
  if (/^sips?:/i.test(dialled)) return dialled;
  const domain = agentUri.slice(agentUri.indexOf('@') + 1);
  return `sip:${dialString(dialled)}@${domain}`;
}

export interface PhoneSetup {
  /** Janus gateways; the first that answers serves, and another takes over when it goes away. */
  gatewayUrls: readonly string[];
  /** The agent's credentials when the phone starts. */
  credentials: AgentCredentials;
  /**
   * The agent's credentials now (renewed near expiry): the phone asks for a new gateway token and
   * SIP credential before the ones it uses expire, and at each new gateway session.
   */
  currentCredentials: () => Promise<AgentCredentials | null>;
  /** New credentials now, whatever is held: the phone asks again only when the ones it has no longer do. */
  renewCredentials: () => Promise<AgentCredentials | null>;
  bus: Bus;
  /** Plays the other party. */
  audio: HTMLAudioElement;
  ringTone: RingTone;
  /** The browser refused to play audio until the agent interacts with the page. */
  onAutoplayBlocked: () => void;
  /** A command the phone could not carry out, in words for the agent. */
  onCommandFailed: (message: string) => void;
  /** Whether the agent's phone can place calls: registered here, or running in the agent's other tab. */
  onReadiness: (ready: boolean) => void;
  /** The host's dialing rules (prefixes); throws for a number that cannot be dialled. */
  dialString: (dialled: string) => string;
}

function transferWords(command: TransferCommand): string {
  switch (command.mode) {
    case 'blind':
      return `transfer to ${command.target}`;
    case 'consult':
      return `call ${command.target} to consult`;
    case 'complete':
      return 'complete the transfer';
    case 'cancel':
      return 'cancel the consultation';
  }
}

/** Takes the agent's phone for this tab; while another tab has it, waits for that tab to go. */
async function claimPhone(phone: Phone, onReadiness: (ready: boolean) => void): Promise<void> {
  for (;;) {
    try {
      await phone.claim();
      return;
    } catch (error) {
      if (!(error instanceof PhoneInUseError)) throw error;
      // This tab's widgets still work over the bus, driving the other tab's phone.
      setHealth('phone', 'ok', 'Phone in another tab');
      onReadiness(true);
      await phone.whenOtherTabReleases();
      onReadiness(false);
    }
  }
}

/** Starts the phone, and tries again with backoff while the gateway cannot be reached. */
async function keepStarting(phone: Phone): Promise<void> {
  const backoff = new Backoff({ initialMs: 1000, maxMs: 15_000, jitter: 0.3 });
  for (;;) {
    try {
      await phone.start();
      return;
    } catch (error) {
      log('warn', 'PHONE-START', describeError(error));
    }
    await new Promise((resolve) => setTimeout(resolve, backoff.next()));
  }
}

/**
 * What the phone is handed when it asks for a credential: the current one, or, when that is the one
 * it already got (a registrar refused it, or the phone's clock ran ahead of the cache's), a renewed one.
 */
function newerOnEachAsk<T extends { expiresAt: number }>(
  pick: (credentials: AgentCredentials) => T,
  current: () => Promise<AgentCredentials>,
  renew: () => Promise<AgentCredentials>,
): () => Promise<T> {
  let handed: T | null = null;
  return async () => {
    let next = pick(await current());
    if (handed !== null && next.expiresAt <= handed.expiresAt) next = pick(await renew());
    handed = next;
    return next;
  };
}

/**
 * Runs the agent's phone and puts it on the bus: call commands from any widget drive it, its
 * snapshots go out as call state, and late joiners can ask for the latest one. Resolves once
 * this tab owns the phone (at once, or when the agent's other tab that had it closes).
 */
export async function runPhone({ gatewayUrls, credentials, currentCredentials, renewCredentials, bus, audio, ringTone, onAutoplayBlocked, onCommandFailed, onReadiness, dialString }: PhoneSetup): Promise<Phone> {
  const current = async (): Promise<AgentCredentials> => (await currentCredentials()) ?? credentials;
  const renew = async (): Promise<AgentCredentials> => (await renewCredentials()) ?? credentials;
  const phone = new Phone({
    servers: gatewayUrls,
    token: newerOnEachAsk((c) => c.gateway, current, renew),
    account: {
      username: credentials.sip.username,
      credential: newerOnEachAsk((c) => c.sip, current, renew),
      ...(credentials.sip.proxy ? { proxy: credentials.sip.proxy } : {}),
    },
    toSipUri: (dialled) => sipUriFor(dialled, credentials.sip.username, dialString),
    remoteAudio: audio,
    ringTone,
    onAutoplayBlocked,
    log: (level, message, data) => log(level, 'PHONE', data === undefined ? message : `${message}: ${describeError(data)}`),
  });
  phone.onRegistration((state) => {
    // For the benchmark's critical path: the first registration of this page.
    if (state.status === 'registered' && performance.getEntriesByName('patchbay:phone-registered').length === 0) performance.mark('patchbay:phone-registered');
    const [health, label] = HEALTH[state.status];
    setHealth('phone', health, state.detail && state.status !== 'registered' ? `${label} (${state.detail})` : label);
    onReadiness(state.status === 'registered');
  });
  await claimPhone(phone, onReadiness);
  phone.onSnapshot((snapshot) => {
    bus.publish(subjects.callState(bus.agentId), snapshot).catch((error: unknown) => log('error', 'CALL-STATE', describeError(error)));
  });
  bus.reply(subjects.callStateQuery(bus.agentId), () => phone.snapshot);

  const agent = bus.agentId;
  const gate = new CommandGate(() => phone.snapshot.callId);
  // Every command the phone does not carry out is told on the bus (the widget that sent it shows
  // why) and in the panel; a flood is told once per few seconds, with its count.
  const refuse = (command: CallCommandKind, callId: string | null, reason: string, ignored?: number): void => {
    log('warn', 'PHONE-COMMAND', `${command}${callId ? ` for ${callId}` : ''}: ${reason}${ignored ? ` (${ignored} so far)` : ''}`);
    onCommandFailed(reason);
    bus.publish(subjects.commandRefused(agent), { command, callId, reason: reason.slice(0, 512), at: Date.now() }).catch((error: unknown) => log('warn', 'PHONE-COMMAND', describeError(error)));
  };
  const on = <T extends object>(
    command: CallCommandKind,
    subject: Subject<T>,
    what: (payload: T) => string,
    work: (payload: T) => Promise<unknown> | void,
  ): void => {
    bus.subscribe(subject, (payload) => {
      const callId = 'callId' in payload && typeof payload.callId === 'string' ? payload.callId : null;
      const verdict = gate.admit(command, callId);
      if (!verdict.act) {
        if (verdict.report) refuse(command, callId, verdict.reason, verdict.ignored);
        return;
      }
      Promise.resolve()
        .then(() => work(payload))
        .catch((error: unknown) => refuse(command, callId, `Could not ${what(payload)}: ${describeError(error)}`));
    });
  };
  on('cmd.dial', subjects.dial(agent), ({ number }) => `call ${number}`, ({ number, ...options }) => phone.dial(number, options));
  on('cmd.answer', subjects.answer(agent), () => 'answer', () => phone.answer());
  on('cmd.decline', subjects.decline(agent), () => 'decline', () => phone.decline());
  on('cmd.hangup', subjects.hangup(agent), () => 'hang up', () => phone.hangup());
  on('cmd.mute', subjects.mute(agent), ({ on: muted }) => (muted ? 'mute' : 'unmute'), ({ on: muted }) => phone.setMuted(muted));
  on('cmd.hold', subjects.hold(agent), ({ on: held }) => (held ? 'hold' : 'resume'), ({ on: held }) => (held ? phone.hold() : phone.unhold()));
  on('cmd.dtmf', subjects.dtmf(agent), ({ digits }) => `send ${digits}`, async ({ digits }) => {
    for (const digit of digits) await phone.sendDtmf(digit);
  });
  on('cmd.transfer', subjects.transfer(agent), transferWords, (command) => {
    switch (command.mode) {
      case 'blind':
        return phone.transfer(command.target);
      case 'consult':
        return phone.consult(command.target);
      case 'complete':
        return phone.completeTransfer();
      case 'cancel':
        return phone.cancelConsult();
    }
  });
  // Commands are wired before the phone is up: one that comes meanwhile ends with a cause.
  void keepStarting(phone);
  return phone;
}
