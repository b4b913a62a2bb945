import { isCallActive, type CallSnapshot } from '@patchbay/contract';
import { CallControl } from './call-control.js';
import { CallCore, type Listener } from './call-core.js';
import { GatewayConnection } from './gateway-connection.js';
import { PageUnload } from './page-unload.js';
import { PhoneTabLock } from './tab-lock.js';
import type { DialOptions, PhoneOptions, RegistrationState } from './phone-options.js';

/**
 * The agent's phone: one Janus session, a SIP line registered with the agent's own credentials
 * (plus a helper line while consulting for an attended transfer), the call as a state machine,
 * and its audio. It knows nothing of the bus: the shell maps bus commands to these methods and
 * publishes what `onSnapshot` reports.
 *
 * A facade over the parts: the call's state (CallCore, checked against the table in
 * call-machine.ts), the gateway connection, the call's commands and line events (CallControl,
 * with its media, transfer follow-up and consultation), and the page's going away.
 */
export class Phone {
  private readonly core: CallCore;
  private readonly gateway: GatewayConnection;
  private readonly control: CallControl;
  private readonly unload: PageUnload;
  private readonly tabLock: PhoneTabLock | null;

  constructor(private readonly options: PhoneOptions) {
    this.tabLock = (options.tabLock ?? true) ? new PhoneTabLock(options.account.username) : null;
    const log = this.log.bind(this);
    // Widgets keep the highest seq they saw: a phone that replaces another (a reload, a tab taking
    // over) must count on from above it, so it starts at its start time in ms.
    const core = new CallCore(Date.now(), log);
    const gateway = new GatewayConnection(options, { mainLine: () => this.control.mainLineHandlers, onCallLost: (reason) => this.control.callLost(reason) }, log);
    this.core = core;
    this.gateway = gateway;
    this.control = new CallControl(core, gateway, options, log);
    this.unload = new PageUnload({ core, call: this.control, gateway });
  }

  /** The latest call snapshot (seq increases with every change). */
  get snapshot(): CallSnapshot {
    return this.core.snapshot;
  }

  get registrationState(): RegistrationState {
    return this.gateway.registrationState;
  }

  /**
   * True when there is no call and the gateway has released the last call's media. Until then
   * Janus answers a new incoming call 486 (one call per SIP handle), and dial() waits.
   */
  isLineFree(): boolean {
    return this.control.isLineFree();
  }

  /** Calls `listener` now with the current snapshot and then on every change; returns an unsubscribe. */
  onSnapshot(listener: Listener<CallSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  /** Gateway connection and SIP registration, including drops and recoveries. */
  onRegistration(listener: Listener<RegistrationState>): () => void {
    return this.gateway.onRegistration(listener);
  }

  /**
   * Opens the Janus session, attaches the SIP plugin and starts its stack now, without registering,
   * so the gateway's set-up overlaps the host's own (its bus, its tab lock) while it learns whether
   * this phone is to run at all; start() registers on it, disconnect() or dispose() closes it.
   * Resolves once the page has sent its part (Janus's own wait for the stack follows, 100 ms), or
   * once opening failed (start() reports that): until then the page's main thread is on the
   * phone's critical path.
   */
  preconnect(): Promise<void> {
    return this.gateway.preconnect();
  }

  /**
   * Closes a preconnected gateway session this phone will not register on (another runs the
   * agent's phone) and stops its renewals: the phone then only holds the tab lock, until dispose().
   */
  async disconnect(): Promise<void> {
    this.gateway.stop();
    await this.gateway.close();
  }

  /**
   * Opens the Janus session (unless preconnect did), attaches the SIP plugin and registers. Rejects with PhoneInUseError
   * (another tab of this origin runs this agent's phone: two registrations would steal each
   * other's calls), GatewayUnreachableError or RegistrationFailedError. After a failed start the
   * phone keeps its tab lock and start() may be called again; dispose() releases the lock.
   */
  async start(): Promise<void> {
    await this.tabLock?.claim();
    await this.gateway.prepare();
    this.unload.watch();
    this.control.media.watchNetwork();
    await this.gateway.connect();
    if (this.options.warmUpMedia ?? true) await this.control.media.warmUp();
  }

  /**
   * Places a call; returns the new call id. A call that cannot start ends at once with a cause.
   * Its snapshots carry `recordId`; `extension` is sent as DTMF once it connects.
   */
  dial(dialled: string, options: DialOptions = {}): Promise<string> {
    return this.control.dial(dialled, options);
  }

  answer(): Promise<void> {
    return this.control.answer();
  }

  /** Refuses a ringing inbound call (603 Decline). */
  decline(): Promise<void> {
    return this.control.decline();
  }

  /**
   * Ends the call whatever its state (cancels an unanswered outbound call, declines an inbound
   * one), and a consultation with it.
   */
  hangup(): Promise<void> {
    return this.control.hangup();
  }

  /** Mutes the agent's microphone on every line (the customer's and a consultation's). */
  setMuted(muted: boolean): void {
    this.control.setMuted(muted);
  }

  hold(): Promise<void> {
    return this.control.hold();
  }

  unhold(): Promise<void> {
    return this.control.unhold();
  }

  /**
   * Sends one DTMF digit as SIP INFO (reaches any PBX, unlike in-band RFC 4733 through a
   * transcoder), to whom the agent is talking: the consulted party while a consultation is up.
   */
  sendDtmf(digit: string): Promise<void> {
    return this.control.sendDtmf(digit);
  }

  /**
   * Blind transfer (SIP REFER). When the far end reports the new call answered (NOTIFY 2xx) the
   * phone leaves the call, cause `transferred`; a refused transfer leaves the call as it was.
   */
  transfer(dialled: string): Promise<void> {
    return this.control.blindTransfer(dialled);
  }

  /**
   * Attended transfer, first step: puts the customer on hold and calls `dialled` on a helper line
   * (Janus carries one call per handle), so the agent can talk to them first. The snapshot's
   * `consult` follows that call. Then completeTransfer() or cancelConsult().
   */
  consult(dialled: string): Promise<void> {
    return this.control.consultation.start(dialled);
  }

  /**
   * Attended transfer, last step: asks the customer to call the consulted party in place of the
   * consultation (REFER with Replaces). When the customer reports that call answered, the phone
   * leaves both calls, cause `transferred`; a refused transfer leaves both calls as they were.
   */
  completeTransfer(): Promise<void> {
    return this.control.consultation.complete();
  }

  /** Drops the consultation (hanging it up if it is still up) and takes the customer off hold. */
  cancelConsult(): Promise<void> {
    return this.control.consultation.cancel();
  }

  /** Uses this microphone from now on, switching the live calls' tracks if there are any. */
  setMicrophone(deviceId: string): Promise<void> {
    return this.control.media.setMicrophone(deviceId);
  }

  /** Plays the other party on this output device (HTMLMediaElement.setSinkId). */
  setSpeaker(deviceId: string): Promise<void> {
    return this.control.media.setSpeaker(deviceId);
  }

  /** WebRTC stats of the current call's peer connection (diagnostics, quality), or null without one. */
  stats(): Promise<RTCStatsReport | null> {
    return this.control.media.stats();
  }

  /** Ends any call (cause local-hangup), unregisters and closes the session. */
  async dispose(): Promise<void> {
    this.gateway.stop();
    this.unload.unwatch();
    this.control.media.unwatchNetwork();
    if (isCallActive(this.core.snapshot.status)) await this.hangup().catch(() => undefined);
    this.control.media.stopQuality();
    await this.gateway.close();
    this.tabLock?.unlock();
    this.gateway.markStopped();
  }

  /**
   * The agent's credentials were just renewed where they come from: take the new gateway token and
   * SIP credential now rather than when the phone's own timers (backing off after failures) come round.
   */
  credentialsRenewed(): void {
    this.gateway.credentialsRenewed();
  }

  /** Resolves once no other tab holds this agent's phone (it closed), so this one can take over. */
  whenOtherTabReleases(): Promise<void> {
    return this.tabLock?.whenOtherTabReleases() ?? Promise.resolve();
  }

  /**
   * Takes this agent's phone for this tab (start() does it too): rejects with PhoneInUseError
   * while another tab of this origin has it. Lets a host wire commands before start() returns.
   */
  claim(): Promise<void> {
    return this.tabLock?.claim() ?? Promise.resolve();
  }

  private log(level: 'info' | 'warn', message: string, data?: unknown): void {
    this.options.log?.(level, message, data);
  }
}
