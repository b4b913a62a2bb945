import { isCallActive, subjects } from '@patchbay/contract';
import { Backoff, type Bus } from '@patchbay/bus';
import type { AgentCredentials } from '@patchbay/opencti';
import { Phone, PhoneInUseError, type RegistrationStatus, type RingTone } from '@patchbay/phone';
import { SHELL_DEFAULTS } from '../config/defaults.js';
import { describeError, log } from '../log.js';
import { serveWindowRenewals } from '../phone-window/window-renewal.js';
import { wirePhone } from './wire-phone.js';
import { phoneWindowGone, phoneWindowOpen } from '../phone-window/window-query.js';
import { setHealth, type Health } from '../ui/status-bar.js';

export { openGatewayAhead } from '@patchbay/phone';

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

/** What the phone needs from its page; the bus comes apart (see runPhone). */
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
  /** Why callers are turned away now (the agent is away), or null to ring. */
  turnAway: () => string | null;
}

/** What a Salesforce tab learns about holding the agent's phone. */
export interface TabPhoneEvents {
  /**
   * This tab holds the agent's phone (true): it runs it, or watches the phone window that runs it;
   * it keeps the call journal meanwhile. False when it handed the phone to a phone window.
   */
  onHolding: (holding: boolean, bus: Bus) => void;
  /**
   * This tab runs the agent's phone (true), or stopped running it (false): what follows the phone
   * (presence) runs meanwhile. Stopping may return a promise: the phone window hears that this tab
   * let the phone go once it settles, so it takes over after this tab's last write.
   */
  onRunning: (running: boolean, bus: Bus) => void | Promise<void>;
  /** The page's part of opening the gateway is done, or opening failed: what is left waits on Janus. */
  onPreconnected: () => void;
}

/**
 * Takes the agent's phone for this tab: a new phone holding the tab lock. Its gateway session opens
 * while the lock is asked for (at start-up the lock's answer waits its turn on a busy main thread,
 * some 30 ms). While another tab has the phone, this tab closes that session again (it must not
 * register) and waits for that tab to go; this tab's widgets meanwhile drive the other tab's phone.
 */
async function claimPhone(setup: PhoneSetup, onPreconnected: () => void): Promise<Phone> {
  for (;;) {
    const phone = createPhone(setup, true);
    void phone.preconnect().then(onPreconnected);
    try {
      await phone.claim();
      return phone;
    } catch (error) {
      if (!(error instanceof PhoneInUseError)) {
        await phone.dispose();
        throw error;
      }
      await phone.disconnect();
      setHealth('phone', 'ok', 'Phone in another tab');
      setup.onReadiness(true);
      await phone.whenOtherTabReleases();
      setup.onReadiness(false);
      await phone.dispose();
    }
  }
}

/** Starts the phone, and tries again with backoff while the gateway cannot be reached, until it is stopped. */
async function keepStarting(phone: Phone, stopped: () => boolean): Promise<void> {
  const backoff = new Backoff(SHELL_DEFAULTS.phoneStartBackoff);
  while (!stopped()) {
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

/** The agent's phone, not started; `tabLock` false in the phone window (see PhoneOptions). */
function createPhone({ gatewayUrls, credentials, currentCredentials, renewCredentials, audio, ringTone, onAutoplayBlocked, onReadiness, dialString, turnAway }: PhoneSetup, tabLock: boolean): Phone {
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
    tabLock,
    turnAway,
    log: (level, message, data) => log(level, 'PHONE', data === undefined ? message : `${message}: ${describeError(data)}`),
  });
  phone.onRegistration((state) => {
    // For the benchmark's critical path: the first registration of this page.
    if (state.status === 'registered' && performance.getEntriesByName('patchbay:phone-registered').length === 0) performance.mark('patchbay:phone-registered');
    const [health, label] = HEALTH[state.status];
    setHealth('phone', health, state.detail && state.status !== 'registered' ? `${label} (${state.detail})` : label);
    onReadiness(state.status === 'registered');
  });
  return phone;
}

/**
 * Resolves once the phone window asked for the phone and this tab let it go (with no call up: the
 * window asks again until the call ends). `release` signs the phone out and stops what follows it
 * before the window hears so.
 */
function handedOver(phone: Phone, bus: Bus, release: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const off = bus.reply(subjects.phoneHandover(bus.agentId), async () => {
      if (isCallActive(phone.snapshot.status)) return { released: false, reason: 'a call is up in the Salesforce tab' };
      off();
      await release();
      resolve();
      return { released: true, reason: null };
    });
  });
}

/**
 * Runs the agent's phone from a Salesforce tab, one tab at a time (the Web Lock): the tab that
 * holds it runs the phone, or, while the agent's phone window runs it, watches that window and
 * takes the phone back when it closes. Resolves once this tab first holds the phone (rejects if
 * the bus never opens); returns the phone this tab runs at any moment (null while the window or
 * another tab runs it). Starts before the bus is up: the gateway's session opens meanwhile.
 */
export async function runPhone(setup: PhoneSetup, busReady: Promise<Bus>, { onHolding, onRunning, onPreconnected }: TabPhoneEvents): Promise<() => Phone | null> {
  const { onReadiness } = setup;
  let running: Phone | null = null;
  let held: () => void = () => undefined;
  const firstHeld = new Promise<void>((resolve) => (held = resolve));
  const rounds = async (): Promise<never> => {
    for (;;) {
      // Only the REGISTER waits to hear over the bus that no phone window runs the phone.
      const phone = await claimPhone(setup, onPreconnected);
      const bus = await busReady.catch(async (error: unknown) => {
        await phone.dispose();
        throw error;
      });
      onHolding(true, bus);
      held();
      if (await phoneWindowOpen(bus)) {
        // No gateway session idles at Janus while the window runs the phone.
        await phone.disconnect();
        setHealth('phone', 'ok', 'Phone in its window');
        onReadiness(true);
        // The window renews its credentials through this tab once the tab linked to it is gone.
        const stopServing = serveWindowRenewals(bus, setup.currentCredentials);
        await phoneWindowGone(bus);
        stopServing();
        onReadiness(false);
        // A phone made before the window's would be outranked by its snapshots (seq starts at the
        // phone's creation): the next round makes a new one.
        await phone.dispose();
        onHolding(false, bus);
        continue;
      }
      running = phone;
      onRunning(true, bus);
      const unwire = wirePhone(phone, { bus, onCommandFailed: setup.onCommandFailed });
      let stopped = false;
      void keepStarting(phone, () => stopped);
      await handedOver(phone, bus, async () => {
        // Before the dispose, so keepStarting does not start the phone being disposed again.
        stopped = true;
        await phone.dispose();
        unwire();
        running = null;
        await onRunning(false, bus);
      });
      onHolding(false, bus);
    }
  };
  const failed = rounds();
  failed.catch((error: unknown) => log('error', 'PHONE', describeError(error)));
  await Promise.race([firstHeld, failed]);
  return () => running;
}

/**
 * Runs the agent's phone in the phone window: no Web Lock (the Salesforce tabs are told over the
 * bus, see PhoneOptions.tabLock), for as long as the window lives.
 */
export function runWindowPhone(setup: PhoneSetup, bus: Bus): Phone {
  const phone = createPhone(setup, false);
  wirePhone(phone, { bus, onCommandFailed: setup.onCommandFailed });
  void keepStarting(phone, () => false);
  return phone;
}
