import type { CallSnapshot, CallStatus, EndCause } from '@patchbay/contract';
import {
  CallEventOutOfStateError,
  InvalidCallTransitionError,
  applyCallEvent,
  initialSnapshot,
  isCallActive,
  type CallEvent,
} from './call-machine.js';
import { qualityFromStats, type StatsEntry } from './call-quality.js';
import { causeFromSip } from './sip-causes.js';
import { MalformedSipEventError, numberFromUri, translateSipMessage, type PhoneSignal } from './janus-sip-events.js';
import {
  attachSip,
  createAnswer,
  createOffer,
  createSession,
  handleRemoteJsep,
  initJanus,
  reclaimSession,
  replaceTracks,
  sendSip,
  type JanusJS,
} from './janus-client.js';
import { GatewayUnreachableError, MediaError, NoCallError, NotRegisteredError, PhoneInUseError, RegistrationFailedError } from './phone-errors.js';
import type { PhoneOptions, RegistrationState, RegistrationStatus } from './phone-options.js';

const DTMF_DIGIT = /^[0-9*#A-D]$/;

type Listener<T> = (value: T) => void;

/**
 * The agent's phone: one Janus session, one SIP plugin handle registered with the agent's own
 * credentials, the call as a state machine, and its audio. It knows nothing of the bus: the shell
 * maps bus commands to these methods and publishes what `onSnapshot` reports.
 */
export class Phone {
  // Widgets keep the highest seq they saw: a phone that replaces another (a reload, a tab taking
  // over) must count on from above it, so it starts at its start time in ms.
  private snapshotValue: CallSnapshot = initialSnapshot(Date.now());
  private registration: RegistrationState = { status: 'stopped', detail: null, reconnects: 0, at: Date.now() };
  private readonly snapshotListeners = new Set<Listener<CallSnapshot>>();
  private readonly registrationListeners = new Set<Listener<RegistrationState>>();
  private session: JanusJS.Janus | null = null;
  private handle: JanusJS.PluginHandle | null = null;
  private pendingRegistration: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private incomingOffer: JanusJS.JSEP | null = null;
  /** What the agent asked for that will end the call, so the SIP end is attributed honestly. */
  private localEnd: EndCause | null = null;
  private microphone: string | null = null;
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  private reconnecting = false;
  /** A SIP dialog exists at the gateway (from INVITE until its `hangup` event). */
  private sipCallOpen = false;
  /**
   * Janus holds WebRTC state for the handle (from our offer/answer, or its own offer to us, until
   * the core's `hangup` event). janus.js's oncleanup fires on local clean-ups too, so it cannot
   * tell that the gateway is done; the core event can (it arrives as webrtcState(false)).
   */
  private mediaOpen = false;
  private lineFreeWaiters: Array<() => void> = [];
  private releaseTabLock: (() => void) | null = null;
  private disposed = false;
  private readonly onPageHide = (): void => this.endForUnload();
  private readonly onOnline = (): void => void this.restartIce('network changed');

  constructor(private readonly options: PhoneOptions) {}

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
    return !isCallActive(this.snapshotValue.status) && !this.sipCallOpen && !this.mediaOpen;
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
    await this.acquireTabLock();
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

  /** Places a call; returns the new call id. A call that cannot start ends at once with a cause. */
  async dial(dialled: string): Promise<string> {
    this.requireIdle('dial');
    const callId = crypto.randomUUID();
    this.localEnd = null;
    this.dispatch({ type: 'dial', callId, number: dialled, at: Date.now() });
    const handle = this.handle;
    if (handle === null || this.registration.status !== 'registered') {
      this.end('gateway-unreachable', `not connected to the gateway (${this.registration.status})`);
      return callId;
    }
    try {
      const uri = this.options.toSipUri(dialled);
      await this.lineFree();
      this.sipCallOpen = true;
      this.mediaOpen = true;
      const offer = await createOffer(handle, { tracks: [this.audioTrack()] });
      this.log('info', `calling ${uri}`);
      await sendSip(handle, { request: 'call', uri }, offer);
    } catch (error) {
      this.end(error instanceof DOMException ? 'media-failed' : 'error', error instanceof Error ? error.message : String(error));
    }
    return callId;
  }

  async answer(): Promise<void> {
    const handle = this.requireStatus('answer', ['ringing-in']);
    const offer = this.incomingOffer;
    this.mediaOpen = true;
    try {
      const jsep = offer ? await createAnswer(handle, { jsep: offer, tracks: [this.audioTrack()] }) : await createOffer(handle, { tracks: [this.audioTrack()] });
      await sendSip(handle, { request: 'accept' }, jsep);
    } catch (error) {
      await sendSip(handle, { request: 'decline', code: 488 }).catch(() => undefined);
      this.end('media-failed', error instanceof Error ? error.message : String(error));
      throw new MediaError('answering', error);
    }
    this.dispatchWhile(['ringing-in'], { type: 'accepted', at: Date.now() });
  }

  /** Refuses a ringing inbound call (603 Decline). */
  async decline(): Promise<void> {
    const handle = this.requireStatus('decline', ['ringing-in']);
    // The agent's choice, not a failure: the call ends as rejected (the caller gets 603 Decline).
    this.localEnd = 'rejected';
    await sendSip(handle, { request: 'decline', code: 603 });
    this.end('rejected', 'declined by the agent');
  }

  /** Ends the call whatever its state (cancels an unanswered outbound call, declines an inbound one). */
  async hangup(): Promise<void> {
    if (this.snapshotValue.status === 'ringing-in') return this.decline();
    const handle = this.requireStatus('hang up', ['dialing', 'ringing-out', 'connected', 'on-hold']);
    const cause: EndCause = this.snapshotValue.connectedAt === null ? 'cancelled' : 'local-hangup';
    this.localEnd = cause;
    await sendSip(handle, { request: 'hangup' }).catch((error: unknown) => this.log('warn', 'hangup request failed', error));
    this.end(cause, null);
  }

  setMuted(muted: boolean): void {
    const handle = this.requireStatus(muted ? 'mute' : 'unmute', ['dialing', 'ringing-out', 'connected', 'on-hold']);
    if (muted) handle.muteAudio();
    else handle.unmuteAudio();
    this.dispatch({ type: 'muted', muted });
  }

  async hold(): Promise<void> {
    const handle = this.requireStatus('hold', ['connected']);
    await sendSip(handle, { request: 'hold', direction: 'sendonly' });
    this.dispatchWhile(['connected'], { type: 'held' });
  }

  async unhold(): Promise<void> {
    const handle = this.requireStatus('resume', ['on-hold']);
    await sendSip(handle, { request: 'unhold' });
    this.dispatchWhile(['on-hold'], { type: 'resumed' });
  }

  /** Sends one DTMF digit as SIP INFO (reaches any PBX, unlike in-band RFC 4733 through a transcoder). */
  async sendDtmf(digit: string): Promise<void> {
    if (!DTMF_DIGIT.test(digit)) throw new RangeError(`"${digit}" is not a DTMF digit (0-9, *, #, A-D)`);
    const handle = this.requireStatus('send DTMF', ['connected', 'on-hold']);
    await sendSip(handle, { request: 'dtmf_info', digit });
  }

  /**
   * Blind transfer (SIP REFER). When the far end reports the new call answered (NOTIFY 2xx) the
   * phone leaves the call, cause `transferred`; a refused transfer leaves the call as it was.
   * Attended transfer needs a second call on a helper handle (one call per SIP plugin handle):
   * not offered yet.
   */
  async transfer(dialled: string): Promise<void> {
    const handle = this.requireStatus('transfer', ['connected', 'on-hold']);
    this.localEnd = 'transferred';
    await sendSip(handle, { request: 'transfer', uri: this.options.toSipUri(dialled) });
  }

  /** Uses this microphone from now on, switching the live call's track if there is one. */
  async setMicrophone(deviceId: string): Promise<void> {
    this.microphone = deviceId;
    if (this.handle !== null && isCallActive(this.snapshotValue.status)) {
      await replaceTracks(this.handle, [{ ...this.audioTrack(), replace: true }]).catch((error: unknown) => {
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
    const pc = this.handle?.webrtcStuff.pc;
    return pc ? pc.getStats() : null;
  }

  /** Ends any call (cause local-hangup), unregisters and closes the session. */
  async dispose(): Promise<void> {
    this.disposed = true;
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('online', this.onOnline);
    if (isCallActive(this.snapshotValue.status)) await this.hangup().catch(() => undefined);
    this.stopQuality();
    const session = this.session;
    this.session = null;
    this.handle = null;
    await new Promise<void>((resolve) => (session ? session.destroy({ success: resolve, error: () => resolve() }) : resolve()));
    this.releaseTabLock?.();
    this.releaseTabLock = null;
    this.setRegistration('stopped', null);
  }

  /** One phone per agent per browser: a Web Lock held for the phone's lifetime. */
  /** Resolves once no other tab holds this agent's phone (it closed), so this one can take over. */
  async whenOtherTabReleases(): Promise<void> {
    await navigator.locks.request(this.tabLockName(), () => undefined);
  }

  private tabLockName(): string {
    return `patchbay-phone:${this.options.account.username}`;
  }

  /**
   * Takes this agent's phone for this tab (start() does it too): rejects with PhoneInUseError
   * while another tab of this origin has it. Lets a host wire commands before start() returns.
   */
  async claim(): Promise<void> {
    await this.acquireTabLock();
  }

  private async acquireTabLock(): Promise<void> {
    if (this.releaseTabLock !== null) return;
    const username = this.options.account.username;
    await new Promise<void>((resolve, reject) => {
      navigator.locks
        .request(this.tabLockName(), { ifAvailable: true }, (lock) => {
          if (lock === null) {
            reject(new PhoneInUseError(username));
            return undefined;
          }
          resolve();
          return new Promise<void>((release) => (this.releaseTabLock = release));
        })
        .catch(reject);
    });
  }

  // --- connection -------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const token = await this.options.token();
    let session: JanusJS.Janus;
    try {
      session = await createSession(this.options.server, token, { onLost: (reason) => void this.recover(reason) });
    } catch (error) {
      throw new GatewayUnreachableError(this.options.server, error);
    }
    this.session = session;
    this.handle = await attachSip(session, {
      onmessage: (message, jsep) => this.onSipMessage(message, jsep),
      onremotetrack: (track, _mid, on) => this.onRemoteTrack(track, on),
      webrtcState: (up: boolean) => {
        if (!up) this.releaseLine({ media: true });
      },
      iceState: (state) => this.onIceState(state),
    });
    await this.register(this.handle);
  }

  private register(handle: JanusJS.PluginHandle, timeoutMs = 15_000): Promise<void> {
    const { account } = this.options;
    // A registrar that never answers must not leave start() or a reconnect waiting forever.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const registered = new Promise<void>((resolve, reject) => {
      this.pendingRegistration = { resolve, reject };
      timer = setTimeout(() => {
        this.pendingRegistration = null;
        reject(new RegistrationFailedError(undefined, `no answer from the registrar within ${timeoutMs} ms`));
      }, timeoutMs);
    }).finally(() => clearTimeout(timer));
    void sendSip(handle, {
      request: 'register',
      username: account.username,
      secret: account.secret,
      ...(account.authUser ? { authuser: account.authUser } : {}),
      ...(account.displayName ? { display_name: account.displayName } : {}),
      proxy: account.proxy ?? `sip:${account.username.replace(/^sips?:[^@]*@/, '')}`,
    }).catch((error: unknown) => this.pendingRegistration?.reject(error as Error));
    return registered;
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
            this.handle = null;
            this.releaseLine({ sip: true, media: true });
            if (isCallActive(this.snapshotValue.status)) this.end('gateway-lost', `gateway connection lost: ${reason}`);
          }
        }
        await this.connect();
        this.reconnecting = false;
        this.setRegistration('registered', 'new session after gateway loss', true);
        return;
      } catch (error) {
        this.session = null;
        this.handle = null;
        this.setRegistration('reconnecting', error instanceof Error ? error.message : String(error));
      }
      await new Promise((r) => setTimeout(r, delay * (0.75 + Math.random() * 0.5)));
      delay = Math.min(max, delay * 2);
    }
  }

  // --- gateway events -----------------------------------------------------------------------

  private onSipMessage(message: JanusJS.Message, jsep: JanusJS.JSEP | undefined): void {
    let signal: PhoneSignal;
    try {
      signal = translateSipMessage(message, jsep);
    } catch (error) {
      if (!(error instanceof MalformedSipEventError)) throw error;
      this.log('warn', 'dropped a SIP plugin message', error.message);
      return;
    }
    if (signal.kind !== 'ignored' || signal.event !== 'info') this.log('info', `sip ${signal.kind}${signal.kind === 'ignored' ? ` ${signal.event}` : ''}`);
    void this.onSignal(signal).catch((error: unknown) => this.log('warn', `handling ${signal.kind} failed`, error));
  }

  private async onSignal(signal: PhoneSignal): Promise<void> {
    const handle = this.handle;
    switch (signal.kind) {
      case 'registered':
        this.pendingRegistration?.resolve();
        this.pendingRegistration = null;
        this.setRegistration('registered', null);
        return;
      case 'registration-failed': {
        const error = new RegistrationFailedError(signal.code, signal.reason);
        this.pendingRegistration?.reject(error);
        this.pendingRegistration = null;
        this.setRegistration('failed', error.message);
        return;
      }
      case 'remote-ringing':
        this.dispatchWhile(['dialing'], { type: 'remote-ringing' });
        return;
      case 'incoming':
        // A handle carries one call: Janus itself answers a second caller 486 (missed_call).
        this.incomingOffer = signal.offer;
        this.localEnd = null;
        this.sipCallOpen = true;
        if (signal.offer !== null) this.mediaOpen = true;
        this.dispatch({ type: 'incoming', callId: crypto.randomUUID(), number: numberFromUri(signal.from), at: Date.now() });
        return;
      case 'accepted':
        // The answer to our offer: the first one of an outbound call, or to an ICE-restart update
        // in a call of either direction.
        if (signal.answer && handle !== null && handle.webrtcStuff.pc?.signalingState === 'have-local-offer') {
          await handleRemoteJsep(handle, signal.answer);
        }
        this.dispatchWhile(['dialing', 'ringing-out', 'ringing-in'], { type: 'accepted', at: Date.now() });
        return;
      case 'updating':
        // A re-INVITE from the far end (its own hold, a codec change): answer with our audio.
        if (signal.offer && handle !== null) {
          // No tracks: janus.js then keeps the call's current ones (capture:false would stop sending).
          const answer = await createAnswer(handle, { jsep: signal.offer });
          await sendSip(handle, { request: 'update' }, answer);
        }
        return;
      case 'held':
        this.dispatchWhile(['connected'], { type: 'held' });
        return;
      case 'resumed':
        this.dispatchWhile(['on-hold'], { type: 'resumed' });
        return;
      case 'hangup':
        // Tell the core to tear down the WebRTC side as well (as Janus's own SIP demo does):
        // until then the SIP plugin keeps the last dialog's state (an incoming call's ICE agent,
        // even a declined one) and answers new callers 486. The line is free once the core's
        // `hangup` event comes back (webrtcState(false)), never on the local clean-up alone:
        // a late core event would otherwise tear down the next call's fresh peer connection.
        handle?.hangup(true);
        this.releaseLine({ sip: true });
        if (!isCallActive(this.snapshotValue.status)) return;
        this.end(
          causeFromSip(signal.code, { localRequest: this.localEnd, connected: this.snapshotValue.connectedAt !== null }),
          signal.code === undefined ? signal.reason : `${signal.code} ${signal.reason}`,
        );
        return;
      case 'plugin-error':
        this.log('warn', `SIP plugin error ${signal.code ?? ''}: ${signal.reason}`);
        if (this.pendingRegistration !== null) {
          this.pendingRegistration.reject(new RegistrationFailedError(signal.code, signal.reason));
          this.pendingRegistration = null;
        } else if (this.snapshotValue.status === 'dialing') {
          this.end('error', signal.reason);
        }
        return;
      case 'transfer-progress':
        if (this.localEnd !== 'transferred' || handle === null) return;
        if (signal.status >= 200 && signal.status < 300) {
          // The customer reached the new party: leave the call (a transferee may not send BYE).
          await sendSip(handle, { request: 'hangup' }).catch((error: unknown) => this.log('warn', 'hangup after transfer failed', error));
          this.end('transferred', `transferred (${signal.status})`);
        } else if (signal.status >= 300) {
          this.localEnd = null;
          this.log('warn', `transfer refused by the far end (${signal.status}); the call continues`);
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

  private releaseLine({ sip = false, media = false }: { sip?: boolean; media?: boolean }): void {
    if (sip) this.sipCallOpen = false;
    if (media) this.mediaOpen = false;
    if (this.sipCallOpen || this.mediaOpen) return;
    for (const resolve of this.lineFreeWaiters.splice(0)) resolve();
  }

  /** Waits (briefly) until Janus has ended the last dialog and closed its peer connection. */
  private async lineFree(timeoutMs = 3000): Promise<void> {
    if (!this.sipCallOpen && !this.mediaOpen) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.lineFreeWaiters.push(resolve)),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    if (this.sipCallOpen || this.mediaOpen) this.log('warn', `the gateway did not release the last call within ${timeoutMs} ms`);
    this.releaseLine({ sip: true, media: true });
  }

  private onRemoteTrack(track: MediaStreamTrack, on: boolean): void {
    if (track.kind !== 'audio' || !on) return;
    const audio = this.options.remoteAudio;
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
    const handle = this.handle;
    if (handle === null || !['connected', 'on-hold'].includes(this.snapshotValue.status)) return;
    this.log('info', `restarting ICE: ${reason}`);
    try {
      const offer = await createOffer(handle, { iceRestart: true });
      await sendSip(handle, { request: 'update' }, offer);
    } catch (error) {
      this.log('warn', 'ICE restart failed', error);
    }
  }

  /** A reload or closed tab: hang up first so no ghost call stays at the far end, and say why. */
  private endForUnload(): void {
    if (!isCallActive(this.snapshotValue.status) || this.handle === null) return;
    this.localEnd = 'page-unloaded';
    void sendSip(this.handle, { request: this.snapshotValue.status === 'ringing-in' ? 'decline' : 'hangup' }).catch(() => undefined);
    this.end('page-unloaded', 'the page was closed or reloaded');
  }

  // --- state --------------------------------------------------------------------------------

  private end(cause: EndCause, detail: string | null): void {
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
    if (!isCallActive(after)) this.stopQuality();
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

  private requireStatus(action: string, statuses: CallStatus[]): JanusJS.PluginHandle {
    if (!statuses.includes(this.snapshotValue.status)) throw new NoCallError(action, this.snapshotValue.status);
    if (this.handle === null) throw new NotRegisteredError(action);
    return this.handle;
  }

  private log(level: 'info' | 'warn', message: string, data?: unknown): void {
    this.options.log?.(level, message, data);
  }
}
