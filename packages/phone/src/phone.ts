import { isCallActive, isConsultActive, type CallSnapshot, type CallStatus, type ConsultCall, type EndCause } from '@patchbay/contract';
import { CallEventOutOfStateError, InvalidCallTransitionError, type CallEvent } from './call-machine.js';
import { applyCallEvent, initialSnapshot } from './apply-call-event.js';
import { qualityFromStats, type StatsEntry } from './call-quality.js';
import { causeFromSip } from './sip-causes.js';
import { numberFromUri, type PhoneSignal } from './janus-sip-events.js';
import { createAnswer, createOffer, createSession, handleRemoteJsep, initJanus, reclaimSession, replaceTracks, type JanusJS } from './janus-client.js';
import { SipLine } from './sip-line.js';
import { SipRegistration } from './sip-registration.js';
import { credentialHeaders } from './pbx-credential.js';
import { LiveToken } from './live-token.js';
import { Renewal } from './renewal.js';
import { PhoneTabLock } from './tab-lock.js';
import { TransferError, GatewayUnreachableError, MediaError, NoCallError, NotRegisteredError } from './phone-errors.js';
import { dialExtension } from './extension.js';
import type { DialOptions, GatewayToken, PhoneOptions, RegistrationState, RegistrationStatus, SipCredential } from './phone-options.js';

const DTMF_DIGIT = /^[0-9*#A-D]$/;

type Listener<T> = (value: T) => void;

/**
 * An attended transfer's consultation as the phone runs it. The object is also its identity: a
 * step that awaited something checks it is still the current one before going on.
 */
interface Consultation {
  /** The helper line, once it is open. */
  line: SipLine | null;
  uri: string;
  /** Our own Call-ID for the consult call: the transfer's `replace` names it. */
  sipCallId: string;
  localEnd: EndCause | null;
}

/**
 * The agent's phone: one Janus session, a SIP line registered with the agent's own credentials
 * (plus a helper line while consulting for an attended transfer), the call as a state machine,
 * and its audio. It knows nothing of the bus: the shell maps bus commands to these methods and
 * publishes what `onSnapshot` reports.
 */
export class Phone {
  // Widgets keep the highest seq they saw: a phone that replaces another (a reload, a tab taking
  // over) must count on from above it, so it starts at its start time in ms.
  private snapshotValue: CallSnapshot = initialSnapshot(Date.now());
  private registration: RegistrationState = { status: 'stopped', detail: null, reconnects: 0, at: Date.now() };
  private readonly snapshotListeners = new Set<Listener<CallSnapshot>>();
  private readonly registrationListeners = new Set<Listener<RegistrationState>>();
  private session: JanusJS.Janus | null = null;
  /** The gateway that served the last session: after losing it, the others are tried first. */
  private lastServer: string | null = null;
  private line: SipLine | null = null;
  /**
   * The helper line of a consultation the agent went on with after the customer hung up: it
   * carries the current call, while the main line stays registered for the next one.
   */
  private continued: SipLine | null = null;
  /** The main line's id at the gateway, which a helper line registers under. */
  private masterId: number | undefined;
  private consultation: Consultation | null = null;
  private incomingOffer: JanusJS.JSEP | null = null;
  /** The extension of the call being dialled, sent as DTMF once it connects. */
  private pendingExtension: { callId: string; digits: string } | null = null;
  /** What the agent asked for that will end the call, so the SIP end is attributed honestly. */
  private localEnd: EndCause | null = null;
  private microphone: string | null = null;
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  private reconnecting = false;
  /** Gives up on a transfer the far end never reports on (see transferTimeoutMs). */
  private transferTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly tabLock: PhoneTabLock | null;
  /** The gateway token every request of the session carries, swapped for a renewed one as it goes. */
  private readonly token = new LiveToken();
  private readonly gatewayToken: Renewal<GatewayToken>;
  private readonly sipCredential: Renewal<SipCredential>;
  private readonly sipRegistration: SipRegistration;
  private disposed = false;
  private readonly onPageHide = (event: PageTransitionEvent): void => this.endForUnload(event.persisted);
  private readonly onOnline = (): void => void this.restartIce('network changed');

  constructor(private readonly options: PhoneOptions) {
    this.tabLock = (options.tabLock ?? true) ? new PhoneTabLock(options.account.username) : null;
    const log = this.log.bind(this);
    this.gatewayToken = new Renewal({ name: 'gateway token', fetch: options.token, onRenewed: ({ token }) => this.token.set(token), log });
    this.sipCredential = new Renewal({ name: 'SIP credential', fetch: options.account.credential, onRenewed: () => this.sipRegistration.renewed(), log });
    this.sipRegistration = new SipRegistration(options.account, this.sipCredential, {
      line: () => this.line,
      onRefused: (error) => this.setRegistration('failed', error.message),
      log,
    });
  }

  /** The latest call snapshot (seq increases with every change). */
  get snapshot(): CallSnapshot {
    return this.snapshotValue;
  }

  get registrationState(): RegistrationState {
    return this.registration;
  }

  /**
   * True when there is no call and the gateway has released the last call's media. Until then
   * Janus answers a new incoming call 486 (one call per SIP handle), and dial() waits.
   */
  isLineFree(): boolean {
    return !isCallActive(this.snapshotValue.status) && (this.line?.free ?? true);
  }

  /** Calls `listener` now with the current snapshot and then on every change; returns an unsubscribe. */
  onSnapshot(listener: Listener<CallSnapshot>): () => void {
    this.snapshotListeners.add(listener);
    listener(this.snapshotValue);
    return () => this.snapshotListeners.delete(listener);
  }

  /** Gateway connection and SIP registration, including drops and recoveries. */
  onRegistration(listener: Listener<RegistrationState>): () => void {
    this.registrationListeners.add(listener);
    listener(this.registration);
    return () => this.registrationListeners.delete(listener);
  }

  /**
   * Opens the Janus session, attaches the SIP plugin and registers. Rejects with PhoneInUseError
   * (another tab of this origin runs this agent's phone: two registrations would steal each
   * other's calls), GatewayUnreachableError or RegistrationFailedError. After a failed start the
   * phone keeps its tab lock and start() may be called again; dispose() releases the lock.
   */
  async start(): Promise<void> {
    await this.tabLock?.claim();
    await initJanus(this.options.debugJanus ?? false);
    this.setRegistration('connecting', null);
    window.addEventListener('pagehide', this.onPageHide);
    window.addEventListener('online', this.onOnline);
    try {
      await this.connect();
    } catch (error) {
      this.setRegistration('failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (this.options.warmUpMedia ?? true) await this.warmUpMedia();
  }

  /**
   * Places a call; returns the new call id. A call that cannot start ends at once with a cause.
   * Its snapshots carry `recordId`; `extension` is sent as DTMF once it connects.
   */
  async dial(dialled: string, { recordId, extension }: DialOptions = {}): Promise<string> {
    this.requireIdle('dial');
    const callId = crypto.randomUUID();
    this.localEnd = null;
    this.pendingExtension = extension ? { callId, digits: extension } : null;
    this.dispatch({ type: 'dial', callId, number: dialled, at: Date.now(), recordId: recordId ?? null });
    const line = this.line;
    if (line === null || this.registration.status !== 'registered') {
      this.end('gateway-unreachable', `not connected to the gateway (${this.registration.status})`);
      return callId;
    }
    try {
      const uri = this.options.toSipUri(dialled);
      await line.waitFree();
      this.log('info', `calling ${uri}`);
      await this.placeCall(line, { request: 'call', uri });
    } catch (error) {
      this.end(...setupFailure(error));
    }
    return callId;
  }

  /**
   * Sends the INVITE for a call on `line` with our audio offer (mic muted if the agent is) and the
   * agent's current SIP credential, which the PBX checks on every new call.
   */
  private async placeCall(line: SipLine, request: { request: 'call'; uri: string; call_id?: string }): Promise<void> {
    line.occupy({ sip: true, media: true });
    const credential = await this.sipCredential.current();
    const offer = await createOffer(line.handle, { tracks: [this.audioTrack()] });
    if (this.snapshotValue.muted) line.handle.muteAudio();
    await this.sipRegistration.betweenRegistrations(() => line.send({ ...request, headers: credentialHeaders(credential) }, offer));
  }

  async answer(): Promise<void> {
    const line = this.requireStatus('answer', ['ringing-in']);
    const { handle } = line;
    const offer = this.incomingOffer;
    line.occupy({ media: true });
    try {
      const jsep = offer ? await createAnswer(handle, { jsep: offer, tracks: [this.audioTrack()] }) : await createOffer(handle, { tracks: [this.audioTrack()] });
      await line.send({ request: 'accept' }, jsep);
    } catch (error) {
      await line.send({ request: 'decline', code: 488 }).catch(() => undefined);
      this.end('media-failed', error instanceof Error ? error.message : String(error));
      throw new MediaError('answering', error);
    }
    this.dispatchWhile(['ringing-in'], { type: 'accepted', at: Date.now() });
  }

  /** Refuses a ringing inbound call (603 Decline). */
  async decline(): Promise<void> {
    const line = this.requireStatus('decline', ['ringing-in']);
    // The agent's choice, not a failure: the call ends as rejected (the caller gets 603 Decline).
    this.localEnd = 'rejected';
    await line.send({ request: 'decline', code: 603 });
    this.end('rejected', 'declined by the agent');
  }

  /**
   * Ends the call whatever its state (cancels an unanswered outbound call, declines an inbound
   * one), and a consultation with it.
   */
  async hangup(): Promise<void> {
    if (this.snapshotValue.status === 'ringing-in') return this.decline();
    const line = this.requireStatus('hang up', ['dialing', 'ringing-out', 'connected', 'on-hold']);
    const cause: EndCause = this.snapshotValue.connectedAt === null ? 'cancelled' : 'local-hangup';
    this.localEnd = cause;
    await line.hangUp();
    this.end(cause, null);
  }

  /** Mutes the agent's microphone on every line (the customer's and a consultation's). */
  setMuted(muted: boolean): void {
    this.requireStatus(muted ? 'mute' : 'unmute', ['dialing', 'ringing-out', 'connected', 'on-hold']);
    for (const { handle } of this.activeLines()) {
      if (muted) handle.muteAudio();
      else handle.unmuteAudio();
    }
    this.dispatch({ type: 'muted', muted });
  }

  async hold(): Promise<void> {
    const line = this.requireStatus('hold', ['connected']);
    await line.send({ request: 'hold', direction: 'sendonly' });
    this.dispatchWhile(['connected'], { type: 'held' });
  }

  async unhold(): Promise<void> {
    const line = this.requireStatus('resume', ['on-hold']);
    // A consultation being opened counts too: the customer stays on hold until it is done.
    if (this.consultation !== null || isConsultActive(this.snapshotValue.consult)) {
      throw new TransferError('resume the customer', 'complete or cancel the consultation first');
    }
    await line.send({ request: 'unhold' });
    this.dispatchWhile(['on-hold'], { type: 'resumed' });
  }

  /**
   * Sends one DTMF digit as SIP INFO (reaches any PBX, unlike in-band RFC 4733 through a
   * transcoder), to whom the agent is talking: the consulted party while a consultation is up.
   */
  async sendDtmf(digit: string): Promise<void> {
    if (!DTMF_DIGIT.test(digit)) throw new RangeError(`"${digit}" is not a DTMF digit (0-9, *, #, A-D)`);
    const line = this.requireStatus('send DTMF', ['connected', 'on-hold']);
    const consulted = this.snapshotValue.consult?.status === 'connected' ? this.consultation?.line : undefined;
    await (consulted ?? line).send({ request: 'dtmf_info', digit });
  }

  /**
   * Blind transfer (SIP REFER). When the far end reports the new call answered (NOTIFY 2xx) the
   * phone leaves the call, cause `transferred`; a refused transfer leaves the call as it was.
   */
  async transfer(dialled: string): Promise<void> {
    const line = this.requireStatus('transfer', ['connected', 'on-hold']);
    if (isConsultActive(this.snapshotValue.consult)) throw new TransferError('transfer blind', 'a consultation is in progress; complete or cancel it');
    const uri = this.options.toSipUri(dialled);
    await this.requestTransfer('blind', dialled, () => line.send({ request: 'transfer', uri }));
  }

  /**
   * Attended transfer, first step: puts the customer on hold and calls `dialled` on a helper line
   * (Janus carries one call per handle), so the agent can talk to them first. The snapshot's
   * `consult` follows that call. Then completeTransfer() or cancelConsult().
   */
  async consult(dialled: string): Promise<void> {
    this.requireStatus('consult', ['connected', 'on-hold']);
    if (this.consultation !== null || isConsultActive(this.snapshotValue.consult)) throw new TransferError('consult', 'a consultation is already in progress');
    const session = this.session;
    const masterId = this.masterId;
    if (session === null || masterId === undefined || this.registration.status !== 'registered') throw new NotRegisteredError('consult');
    const consultation: Consultation = { line: null, uri: this.options.toSipUri(dialled), sipCallId: `pb-consult-${crypto.randomUUID()}`, localEnd: null };
    // Taken before the first await: a second press, or a cancel, sees this consultation.
    this.consultation = consultation;
    try {
      if (this.snapshotValue.status === 'connected') await this.hold();
    } catch (error) {
      if (this.consultation === consultation) this.consultation = null;
      throw error;
    }
    if (this.consultation !== consultation) return;
    this.dispatch({ type: 'consult-dial', target: dialled, at: Date.now() });
    if (!isConsultActive(this.snapshotValue.consult)) {
      this.consultation = null; // the machine refused it (the hold did not take): logged there
      return;
    }
    try {
      const line = await this.openHelperLine(session, masterId);
      if (this.consultation !== consultation) {
        // Cancelled, or the customer's call ended, while the line opened.
        void line.detach();
        return;
      }
      consultation.line = line;
      this.log('info', `consulting ${consultation.uri}`);
      await this.placeCall(line, { request: 'call', uri: consultation.uri, call_id: consultation.sipCallId });
    } catch (error) {
      if (this.consultation === consultation) this.endConsult(...setupFailure(error));
      // The customer left meanwhile and this call went on as the agent's: it failed to start.
      else if (consultation.line !== null && consultation.line === this.continued) this.end(...setupFailure(error));
    }
  }

  /**
   * Attended transfer, last step: asks the customer to call the consulted party in place of the
   * consultation (REFER with Replaces). When the customer reports that call answered, the phone
   * leaves both calls, cause `transferred`; a refused transfer leaves both calls as they were.
   */
  async completeTransfer(): Promise<void> {
    const line = this.requireStatus('complete the transfer', ['on-hold']);
    const consultation = this.consultation;
    if (consultation?.line == null || this.snapshotValue.consult?.status !== 'connected') {
      throw new TransferError('complete the transfer', 'the consulted party has not answered');
    }
    const target = this.snapshotValue.consult.target;
    await this.requestTransfer('attended', target, () => {
      consultation.localEnd = 'transferred';
      return line.send({ request: 'transfer', uri: consultation.uri, replace: consultation.sipCallId });
    });
  }

  /**
   * Sends a REFER and follows it: the far end's NOTIFY 2xx ends the call as transferred; a
   * refusal, a failed request, or silence for transferTimeoutMs marks the attempt refused and
   * leaves the call as it was.
   */
  private async requestTransfer(mode: 'blind' | 'attended', target: string, refer: () => Promise<void>): Promise<void> {
    if (this.snapshotValue.transfer?.status === 'requested') throw new TransferError('transfer', 'the last transfer request has no answer yet');
    this.dispatch({ type: 'transfer-requested', mode, target, at: Date.now() });
    this.localEnd = 'transferred';
    const timeoutMs = this.options.transferTimeoutMs ?? 30_000;
    this.transferTimer = setTimeout(() => this.transferRefused(`no answer from the far end within ${timeoutMs / 1000} s`), timeoutMs);
    try {
      await refer();
    } catch (error) {
      this.transferRefused(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private transferRefused(detail: string): void {
    this.stopTransferTimer();
    this.localEnd = null;
    if (this.consultation !== null) this.consultation.localEnd = null;
    if (this.snapshotValue.transfer?.status === 'requested' && isCallActive(this.snapshotValue.status)) {
      this.log('warn', `transfer refused: ${detail}; the call continues`);
      this.dispatch({ type: 'transfer-refused', detail });
    }
  }

  private stopTransferTimer(): void {
    if (this.transferTimer !== null) clearTimeout(this.transferTimer);
    this.transferTimer = null;
  }

  /** Drops the consultation (hanging it up if it is still up) and takes the customer off hold. */
  async cancelConsult(): Promise<void> {
    this.requireStatus('cancel the consultation', ['on-hold']);
    const consult = this.snapshotValue.consult;
    if (consult == null && this.consultation === null) throw new TransferError('cancel the consultation', 'there is none');
    if (this.snapshotValue.transfer?.status === 'requested') throw new TransferError('cancel the consultation', 'the transfer is waiting for an answer');
    this.endConsult(consult?.connectedAt == null ? 'cancelled' : 'local-hangup', null);
    await this.unhold();
  }

  /** Uses this microphone from now on, switching the live calls' tracks if there are any. */
  async setMicrophone(deviceId: string): Promise<void> {
    this.microphone = deviceId;
    for (const { handle } of this.activeLines()) {
      await replaceTracks(handle, [{ ...this.audioTrack(), replace: true }]).catch((error: unknown) => {
        throw new MediaError('switching microphone', error);
      });
    }
  }

  /** Plays the other party on this output device (HTMLMediaElement.setSinkId). */
  async setSpeaker(deviceId: string): Promise<void> {
    await this.options.remoteAudio.setSinkId(deviceId).catch((error: unknown) => {
      throw new MediaError('switching speaker', error);
    });
  }

  /** WebRTC stats of the current call's peer connection (diagnostics, quality), or null without one. */
  async stats(): Promise<RTCStatsReport | null> {
    const pc = this.callLine?.handle.webrtcStuff.pc;
    return pc ? pc.getStats() : null;
  }

  /** Ends any call (cause local-hangup), unregisters and closes the session. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.gatewayToken.stop();
    this.sipCredential.stop();
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('online', this.onOnline);
    if (isCallActive(this.snapshotValue.status)) await this.hangup().catch(() => undefined);
    this.stopQuality();
    const session = this.session;
    this.session = null;
    this.line = null;
    await new Promise<void>((resolve) => (session ? session.destroy({ success: resolve, error: () => resolve() }) : resolve()));
    this.tabLock?.unlock();
    this.setRegistration('stopped', null);
  }

  /**
   * The agent's credentials were just renewed where they come from: take the new gateway token and
   * SIP credential now rather than when the phone's own timers (backing off after failures) come round.
   */
  credentialsRenewed(): void {
    this.gatewayToken.renewNow();
    this.sipCredential.renewNow();
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

  // --- connection -------------------------------------------------------------------------

  private async connect(): Promise<void> {
    this.token.set((await this.gatewayToken.current()).token);
    let session: JanusJS.Janus;
    try {
      session = await createSession(startingAfter(this.options.servers, this.lastServer), this.token, { onLost: (reason) => void this.recover(reason) });
    } catch (error) {
      throw new GatewayUnreachableError(this.options.servers, error);
    }
    this.session = session;
    this.lastServer = session.getServer();
    const line = await SipLine.attach(session, this.lineEvents((signal) => this.onSignal(line, signal), () => this.callLine === line));
    this.line = line;
    await this.sipRegistration.register(line);
  }

  /** A helper line for a consultation: same account, no REGISTER of its own (janus_sip.c, helpers). */
  private async openHelperLine(session: JanusJS.Janus, masterId: number): Promise<SipLine> {
    // Its ICE is left alone while it consults (a restart serves the customer's call; a
    // consultation is short), and looked after once it carries the call.
    const line = await SipLine.attach(session, this.lineEvents((signal) => this.onConsultSignal(line, signal), () => this.callLine === line));
    try {
      await line.register({ type: 'helper', username: this.options.account.username, master_id: masterId }, { timeoutMs: 5000, answerer: 'the gateway' });
    } catch (error) {
      void line.detach();
      throw error;
    }
    return line;
  }

  /** `carriesCall`: whether the line has the current call, whose ICE a restart would serve. */
  private lineEvents(onSignal: (signal: PhoneSignal) => unknown, carriesCall: () => boolean) {
    return {
      onSignal: (signal: PhoneSignal) => void Promise.resolve(onSignal(signal)).catch((error: unknown) => this.log('warn', `handling ${signal.kind} failed`, error)),
      onRemoteTrack: () => this.playRemote(),
      onIceState: (state: string) => {
        if (carriesCall()) this.onIceState(state);
      },
      renewToken: async () => this.token.set((await this.gatewayToken.fresh()).token),
      log: (level: 'info' | 'warn', message: string, data?: unknown) => this.log(level, message, data),
    };
  }

  /**
   * The WebSocket to Janus dropped. First try to claim the same session (the call survives if
   * Janus kept it, see reclaim_session_timeout); else open a new session and register again,
   * and end a call that could not be kept with cause gateway-lost. Retries for as long as the
   * phone runs, with jittered back-off.
   */
  private async recover(reason: string): Promise<void> {
    if (this.reconnecting || this.disposed) return;
    this.reconnecting = true;
    this.setRegistration('reconnecting', reason);
    const { initial, max } = this.options.reconnectDelayMs ?? { initial: 500, max: 10_000 };
    let delay = initial;
    while (!this.disposed) {
      try {
        if (this.session !== null) {
          try {
            await reclaimSession(this.session);
            this.reconnecting = false;
            this.setRegistration('registered', 'session reclaimed', true);
            return;
          } catch (error) {
            this.log('info', 'could not reclaim the Janus session; opening a new one', error);
            this.session = null;
            this.line?.release({ sip: true, media: true });
            this.line = null;
            if (isCallActive(this.snapshotValue.status)) this.end('gateway-lost', `gateway connection lost: ${reason}`);
          }
        }
        await this.connect();
        this.reconnecting = false;
        this.setRegistration('registered', 'new session after gateway loss', true);
        return;
      } catch (error) {
        this.session = null;
        this.line = null;
        this.setRegistration('reconnecting', error instanceof Error ? error.message : String(error));
      }
      await new Promise((r) => setTimeout(r, delay * (0.75 + Math.random() * 0.5)));
      delay = Math.min(max, delay * 2);
    }
  }

  // --- gateway events -----------------------------------------------------------------------

  /**
   * Gateway events of the phone's lines. Registration and callers are the main line's business;
   * the call's events come from the line carrying it (the main line, or a consultation that went
   * on: the hang-up of a caller the main line refused is not the call's). A line from a lost
   * session has no say in either.
   */
  private async onSignal(line: SipLine, signal: PhoneSignal): Promise<void> {
    if (LINE_SIGNALS.has(signal.kind) ? line !== this.line : line !== this.callLine) return;
    switch (signal.kind) {
      case 'registered':
        this.masterId = signal.masterId;
        this.setRegistration('registered', null);
        return;
      case 'registration-failed':
        // The gateway's own refresh of the registration was refused (the agent's credentials
        // ran out): new credentials, once; a refusal that stands sets the phone failed.
        await this.sipRegistration.refusedByRegistrar(signal.code, signal.reason);
        return;
      case 'remote-ringing':
        this.dispatchWhile(['dialing'], { type: 'remote-ringing' });
        return;
      case 'incoming': {
        line.occupy({ sip: true, media: signal.offer !== null });
        // A handle carries one call: Janus itself answers a second caller 486 (missed_call). While
        // a consultation that went on is the call, the main line is free at the gateway, so the
        // phone says busy (486, not 603: another device of the agent's may still answer).
        if (this.continued !== null) return line.send({ request: 'decline', code: 486 });
        const away = this.options.turnAway?.() ?? null;
        if (away !== null) return this.turnAway(line, signal.from, away);
        this.incomingOffer = signal.offer;
        this.localEnd = null;
        this.dispatch({ type: 'incoming', callId: crypto.randomUUID(), number: numberFromUri(signal.from), at: Date.now() });
        return;
      }
      case 'accepted':
        // The answer to our offer: the first one of an outbound call, or to an ICE-restart update
        // in a call of either direction.
        await this.takeAnswer(line, signal.answer);
        this.dispatchWhile(['dialing', 'ringing-out', 'ringing-in'], { type: 'accepted', at: Date.now() });
        return;
      case 'updating':
        await this.answerUpdate(line, signal.offer);
        return;
      case 'held':
        this.dispatchWhile(['connected'], { type: 'held' });
        return;
      case 'resumed':
        this.dispatchWhile(['on-hold'], { type: 'resumed' });
        return;
      case 'hangup': {
        if (!isCallActive(this.snapshotValue.status)) return;
        const ending = sipEnd(signal, this.localEnd, this.snapshotValue.connectedAt !== null);
        const { consultation } = this;
        const consult = this.snapshotValue.consult;
        // The customer left while the agent consulted (no request of ours, no transfer pending).
        if (line === this.line && this.localEnd === null && consultation?.line && isConsultActive(consult) && this.snapshotValue.transfer?.status !== 'requested') {
          this.goOnWithConsultation(consultation.line, consult, ending);
        } else {
          this.end(...ending);
        }
        return;
      }
      case 'plugin-error':
        this.log('warn', `SIP plugin error ${signal.code ?? ''}: ${signal.reason}`);
        if (this.snapshotValue.status === 'dialing') this.end('error', signal.reason);
        else if (this.snapshotValue.transfer?.status === 'requested') this.transferRefused(signal.reason);
        return;
      case 'transfer-progress':
        if (this.snapshotValue.transfer?.status !== 'requested') return;
        // The far end is working on it: its final word may take as long as the target rings.
        if (signal.status < 200) this.stopTransferTimer();
        else if (signal.status < 300) {
          // The customer reached the new party: leave the call (a transferee may not send BYE).
          // Ended first, so the customer's own BYE arriving meanwhile finds the call over. A call
          // that went on from a consultation has its line closed (hung up) by end() itself.
          const closedByEnd = line === this.continued;
          this.end('transferred', `transferred (${signal.status})`);
          if (!closedByEnd) await line.hangUp();
        } else {
          this.transferRefused(`${signal.status} ${signal.reason}`.trim());
        }
        return;
      case 'missed':
        this.log('warn', `missed a call from ${signal.from}: the line was still busy at the gateway`);
        return;
      case 'ignored':
        return;
    }
  }

  /**
   * Refuses a caller without ringing: 480 Temporarily Unavailable is what RFC 3261 (21.4.18) gives
   * for a callee reached but not taking calls, and every SIP phone shows it. The Reason header
   * (RFC 6432 allows Q.850 causes in responses; 20 is "subscriber absent") carries the words.
   */
  private async turnAway(line: SipLine, from: string, why: string): Promise<void> {
    this.log('info', `turned away a call from ${from}: ${why}`);
    const text = why.replace(/["\\\r\n]/g, '').slice(0, 120);
    await line.send({ request: 'decline', code: 480, headers: { Reason: `Q.850;cause=20;text="${text}"` } });
  }

  /** Events of the consult line (the attended transfer's second call). */
  private async onConsultSignal(line: SipLine, signal: PhoneSignal): Promise<void> {
    // Janus offers a helper a caller when the main line is busy; this line only consults.
    if (signal.kind === 'incoming') return line.send({ request: 'decline', code: 486 });
    if (line === this.continued) return this.onSignal(line, signal);
    const consultation = this.consultation;
    if (consultation?.line !== line) return;
    switch (signal.kind) {
      case 'remote-ringing':
        if (this.snapshotValue.consult?.status === 'dialing') this.dispatch({ type: 'consult-ringing' });
        return;
      case 'accepted':
        await this.takeAnswer(line, signal.answer);
        if (this.snapshotValue.consult?.status === 'dialing' || this.snapshotValue.consult?.status === 'ringing-out') {
          this.dispatch({ type: 'consult-accepted', at: Date.now() });
        } else if (line === this.continued) {
          // The customer left while the answer was being taken: the call that went on is answered.
          this.dispatchWhile(['dialing', 'ringing-out'], { type: 'accepted', at: Date.now() });
        }
        this.playRemote();
        return;
      case 'updating':
        await this.answerUpdate(line, signal.offer);
        return;
      case 'hangup': {
        const consult = this.snapshotValue.consult;
        if (!isConsultActive(consult)) return;
        this.endConsult(...sipEnd(signal, consultation.localEnd, consult.connectedAt !== null));
        return;
      }
      case 'plugin-error':
        this.log('warn', `SIP plugin error on the consult line ${signal.code ?? ''}: ${signal.reason}`);
        if (this.snapshotValue.consult?.status === 'dialing') this.endConsult('error', signal.reason);
        return;
      default:
        return;
    }
  }

  /** The far end's answer to our offer: an outbound call's first, or one to an ICE-restart update. */
  private async takeAnswer(line: SipLine, answer: JanusJS.JSEP | null): Promise<void> {
    if (answer && line.handle.webrtcStuff.pc?.signalingState === 'have-local-offer') await handleRemoteJsep(line.handle, answer);
  }

  /** A re-INVITE from the far end (its own hold, a codec change): answer with our audio. */
  private async answerUpdate(line: SipLine, offer: JanusJS.JSEP | null): Promise<void> {
    if (offer === null) return;
    // No tracks: janus.js then keeps the call's current ones (capture:false would stop sending).
    const answer = await createAnswer(line.handle, { jsep: offer });
    await line.send({ request: 'update' }, answer);
  }

  /**
   * Ends the consultation in the snapshot and lets its line go (hanging up at the gateway if the
   * call is still up there); the agent hears the customer's line again.
   */
  private endConsult(cause: EndCause, detail: string | null): void {
    const consultation = this.consultation;
    this.consultation = null;
    if (isConsultActive(this.snapshotValue.consult)) this.dispatch({ type: 'consult-end', cause, detail, at: Date.now() });
    void consultation?.line?.close();
    this.playRemote();
  }

  /**
   * Opens the microphone and a throwaway peer connection once, then closes both: the first call
   * otherwise pays for device start-up and WebRTC initialisation (measured about 1 s on the lab
   * machines, against about 0.15 s after warm-up). It also asks for the microphone at sign-in
   * rather than at the first call. A refusal is logged, not fatal: dial() reports it per call.
   */
  private async warmUpMedia(): Promise<void> {
    let stream: MediaStream | null = null;
    const pc = new RTCPeerConnection();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: this.microphone ? { deviceId: { exact: this.microphone } } : true });
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      await pc.setLocalDescription(await pc.createOffer());
    } catch (error) {
      this.log('warn', 'could not open the microphone at start', error);
    } finally {
      pc.close();
      stream?.getTracks().forEach((track) => track.stop());
    }
  }

  /** The lines with a call the agent's microphone feeds: the customer's, and a consultation's. */
  private activeLines(): SipLine[] {
    const lines: SipLine[] = [];
    const callLine = this.callLine;
    if (callLine !== null && isCallActive(this.snapshotValue.status)) lines.push(callLine);
    if (this.consultation?.line) lines.push(this.consultation.line);
    return lines;
  }

  /** Plays whom the agent talks to: the consulted party once they answer, else the customer. */
  private playRemote(): void {
    const consulting = this.snapshotValue.consult?.status === 'connected' ? this.consultation?.line?.remoteTrack : null;
    const track = consulting ?? this.callLine?.remoteTrack ?? null;
    const audio = this.options.remoteAudio;
    const current = audio.srcObject instanceof MediaStream ? audio.srcObject.getAudioTracks()[0] : undefined;
    if (track === null || track === current) return;
    audio.srcObject = new MediaStream([track]);
    audio.play().catch((error: unknown) => {
      // AbortError only means a newer track replaced this one; NotAllowedError is the autoplay policy.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) return;
      this.log('warn', 'the browser blocked audio until the agent interacts with the page', error);
      this.options.onAutoplayBlocked?.();
    });
  }

  private onIceState(state: string): void {
    if ((state === 'disconnected' || state === 'failed') && isCallActive(this.snapshotValue.status)) {
      void this.restartIce(`ICE ${state}`);
    }
  }

  /** ICE restart on a network change (the SIP plugin's `update` with a fresh offer). */
  private async restartIce(reason: string): Promise<void> {
    const line = this.callLine;
    if (line === null || !['connected', 'on-hold'].includes(this.snapshotValue.status)) return;
    this.log('info', `restarting ICE: ${reason}`);
    try {
      const offer = await createOffer(line.handle, { iceRestart: true });
      await line.send({ request: 'update' }, offer);
    } catch (error) {
      this.log('warn', 'ICE restart failed', error);
    }
  }

  /**
   * A reload or closed tab: hang up first so no ghost call stays at the far end, and say why.
   * Then drop the session: nothing can reclaim it once the page is gone, and left to the gateway's
   * reclaim timeout it would stay registered, so the registrar would fork calls to it meanwhile.
   * A page kept for going back (`persisted`) keeps its session.
   */
  private endForUnload(persisted: boolean): void {
    const line = this.callLine;
    if (isCallActive(this.snapshotValue.status) && line !== null) {
      this.localEnd = 'page-unloaded';
      void line.send({ request: this.snapshotValue.status === 'ringing-in' ? 'decline' : 'hangup' }).catch(() => undefined);
      this.end('page-unloaded', 'the page was closed or reloaded');
    }
    if (!persisted) this.session?.destroy({ notifyDestroyed: false });
  }

  // --- state --------------------------------------------------------------------------------

  /**
   * The customer hung up while the agent consulted: their call ends (and is logged), and the
   * consultation goes on as the agent's call, on its helper line, rather than being cut off.
   */
  private goOnWithConsultation(line: SipLine, consult: ConsultCall, [cause, detail]: [EndCause, string]): void {
    this.stopTransferTimer();
    this.consultation = null;
    this.continued = line;
    this.incomingOffer = null;
    this.dispatch({ type: 'end', cause, detail, at: Date.now(), consultGoesOn: true });
    this.dispatch({ type: 'consult-goes-on', callId: crypto.randomUUID(), consult });
    if (!isCallActive(this.snapshotValue.status)) {
      // The machine refused it (logged there): no call is left to carry, so neither is the line.
      this.continued = null;
      void line.close();
      return;
    }
    this.playRemote();
  }

  /** Ends the call; a consultation still up ends with it (the machine records how). */
  private end(cause: EndCause, detail: string | null): void {
    this.stopTransferTimer();
    const consultation = this.consultation;
    this.consultation = null;
    void consultation?.line?.close();
    const continued = this.continued;
    this.continued = null;
    void continued?.close();
    this.dispatch({ type: 'end', cause, detail, at: Date.now() });
    this.incomingOffer = null;
  }

  /** Applies an event only while the call is in one of `statuses` (gateway events can repeat). */
  private dispatchWhile(statuses: CallStatus[], event: CallEvent): void {
    if (statuses.includes(this.snapshotValue.status)) this.dispatch(event);
  }

  private dispatch(event: CallEvent): void {
    const before = this.snapshotValue.status;
    try {
      this.snapshotValue = applyCallEvent(this.snapshotValue, event);
    } catch (error) {
      if (!(error instanceof InvalidCallTransitionError || error instanceof CallEventOutOfStateError)) throw error;
      this.log('warn', `dropped call event ${event.type}`, error.message);
      return;
    }
    const after = this.snapshotValue.status;
    if (before !== after) this.onStatusChange(before, after);
    for (const listener of this.snapshotListeners) listener(this.snapshotValue);
  }

  private onStatusChange(before: CallStatus, after: CallStatus): void {
    if (after === 'ringing-in') this.options.ringTone?.start();
    if (before === 'ringing-in') this.options.ringTone?.stop();
    if (after === 'connected' && this.qualityTimer === null) this.startQuality();
    if (after === 'connected') this.sendPendingExtension();
    if (!isCallActive(after)) this.stopQuality();
  }

  /** Dials the connected call's extension (once: a resume after hold does not repeat it). */
  private sendPendingExtension(): void {
    const pending = this.pendingExtension;
    this.pendingExtension = null;
    const line = this.callLine;
    if (pending === null || line === null || pending.callId !== this.snapshotValue.callId) return;
    const steps = {
      send: (digit: string) => line.send({ request: 'dtmf_info', digit }),
      stillConnected: () => this.snapshotValue.callId === pending.callId && this.snapshotValue.status === 'connected',
      wait: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    };
    dialExtension(pending.digits, steps, this.options.extensionPauseMs).then(
      (sent) => this.log('info', sent === pending.digits.replace(/,/g, '') ? `dialled extension ${sent}` : `extension cut short: sent ${sent || 'nothing'} of ${pending.digits}`),
      (error: unknown) => this.log('warn', `could not dial extension ${pending.digits}`, error),
    );
  }

  private startQuality(): void {
    this.qualityTimer = setInterval(() => void this.measureQuality(), this.options.qualityIntervalMs ?? 5000);
  }

  private stopQuality(): void {
    if (this.qualityTimer !== null) clearInterval(this.qualityTimer);
    this.qualityTimer = null;
  }

  private async measureQuality(): Promise<void> {
    const report = await this.stats();
    if (report === null) return;
    const quality = qualityFromStats(report.values() as IterableIterator<StatsEntry>);
    if (quality !== null) this.dispatchWhile(['connected', 'on-hold'], { type: 'quality', quality });
  }

  private setRegistration(status: RegistrationStatus, detail: string | null, reconnected = false): void {
    this.registration = {
      status,
      detail,
      reconnects: this.registration.reconnects + (reconnected ? 1 : 0),
      at: Date.now(),
    };
    for (const listener of this.registrationListeners) listener(this.registration);
  }

  private audioTrack(): JanusJS.TrackOption {
    return { type: 'audio', capture: this.microphone ? { deviceId: { exact: this.microphone } } : true, recv: true };
  }

  private requireIdle(action: string): void {
    if (isCallActive(this.snapshotValue.status)) throw new NoCallError(action, this.snapshotValue.status);
  }

  private requireStatus(action: string, statuses: CallStatus[]): SipLine {
    if (!statuses.includes(this.snapshotValue.status)) throw new NoCallError(action, this.snapshotValue.status);
    const line = this.callLine;
    if (line === null) throw new NotRegisteredError(action);
    return line;
  }

  /** The line carrying the current call: the main line, or a consultation that went on. */
  private get callLine(): SipLine | null {
    return this.continued ?? this.line;
  }

  private log(level: 'info' | 'warn', message: string, data?: unknown): void {
    this.options.log?.(level, message, data);
  }
}

/** Signals about the line itself (its registration, callers), not about the call it carries. */
const LINE_SIGNALS: ReadonlySet<PhoneSignal['kind']> = new Set(['registered', 'registration-failed', 'incoming', 'missed', 'ignored']);

/** Why a call could not be set up: the browser refusing media, or anything else. */
function setupFailure(error: unknown): [EndCause, string] {
  return [error instanceof DOMException ? 'media-failed' : 'error', error instanceof Error ? error.message : String(error)];
}

/** The cause and detail of a call the gateway reports ended, given what the agent asked for. */
function sipEnd(signal: { code: number | undefined; reason: string }, localRequest: EndCause | null, connected: boolean): [EndCause, string] {
  return [causeFromSip(signal.code, { localRequest, connected }), signal.code === undefined ? signal.reason : `${signal.code} ${signal.reason}`];
}

/** The list with `last` moved to the end (the gateway just lost is tried last). */
function startingAfter(servers: readonly string[], last: string | null): readonly string[] {
  const index = last === null ? -1 : servers.indexOf(last);
  return index < 0 ? servers : [...servers.slice(index + 1), ...servers.slice(0, index + 1)];
}
