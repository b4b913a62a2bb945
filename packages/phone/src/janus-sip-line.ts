import { MalformedSipEventError, translateSipMessage, type PhoneSignal } from './janus-sip-events.js';
import { GatewayRequestError, attachSip, createAnswer, createOffer, handleRemoteJsep, replaceTracks, sendSip, type JanusJS } from './janus-client.js';
import { RegistrationFailedError } from './phone-errors.js';
import type { SipLine } from './sip-line.js';

export interface SipLineEvents {
  /** Every gateway event on this line, translated (registration outcomes included). */
  onSignal(signal: PhoneSignal): void;
  /** The far end's audio track arrived or changed; read it from `remoteTrack`. */
  onRemoteTrack(): void;
  onIceState(state: string): void;
  /**
   * Janus refused a request's gateway token (it expired while no renewal could be had): resolves
   * once a fresh one is in place, rejects when none can be had.
   */
  renewToken(): Promise<void>;
  log(level: 'info' | 'warn', message: string, data?: unknown): void;
}

/**
 * How long after a call ends the next may start on the same line: Janus's SIP media relay thread
 * waits up to a second for packets before it sees its call ended, and then some on a loaded host.
 */
const RELAY_SETTLE_MS = 1500;

/**
 * A SipLine on one SIP plugin handle of a Janus session. It knows when the gateway has really let
 * go of its last call, SIP dialog and media both: until then Janus answers a new caller on it 486.
 */
export class JanusSipLine implements SipLine {
  private sipCallOpen = false;
  /**
   * Janus holds WebRTC state for the handle (from our offer/answer, or its own offer to us, until
   * the core's `hangup` event). janus.js's oncleanup fires on local clean-ups too, so it cannot
   * tell that the gateway is done; the core event can (it arrives as webrtcState(false)).
   */
  private mediaOpen = false;
  /** When the gateway last said a call on this line ended (Date.now()). */
  private lastCallEndedAt = 0;
  private freeWaiters: Array<() => void> = [];
  private pendingRegistration: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private track: MediaStreamTrack | null = null;

  private constructor(
    private readonly handle: JanusJS.PluginHandle,
    private readonly events: SipLineEvents,
  ) {}

  static async attach(session: JanusJS.Janus, events: SipLineEvents): Promise<JanusSipLine> {
    let line: JanusSipLine | undefined;
    const handle = await attachSip(session, {
      onmessage: (message, jsep) => line?.onMessage(message, jsep),
      onremotetrack: (track, _mid, on) => line?.onRemoteTrack(track, on),
      webrtcState: (up: boolean) => {
        if (!up) line?.release({ media: true });
      },
      iceState: (state) => events.onIceState(state),
    });
    line = new JanusSipLine(handle, events);
    return line;
  }

  /** The far end's live audio track in the current call, or null. */
  get remoteTrack(): MediaStreamTrack | null {
    return this.track;
  }

  /** No SIP dialog and no media left at the gateway: a new call can start here. */
  get free(): boolean {
    return !this.sipCallOpen && !this.mediaOpen;
  }

  /** Records that a call (its SIP dialog, and media when the gateway holds any) now exists here. */
  occupy({ sip = false, media = false }: { sip?: boolean; media?: boolean }): void {
    if (sip) this.sipCallOpen = true;
    if (media) this.mediaOpen = true;
  }

  /**
   * Sends a request to the SIP plugin. One refused for its gateway token goes again, once, with a
   * fresh token: the phone's own renewal may still be waiting out its back-off after an outage
   * of the credentials service, and a hang-up or a REGISTER cannot wait for it.
   */
  async send(message: JanusJS.PluginMessage['message'], jsep?: JanusJS.JSEP): Promise<void> {
    if (message.request === 'call' || message.request === 'accept') await this.relayGone();
    try {
      await sendSip(this.handle, message, jsep);
    } catch (error) {
      if (!(error instanceof GatewayRequestError && error.tokenRefused)) throw error;
      this.events.log('info', `the gateway refused the ${message.request} request's token; sending it again with a fresh one`);
      try {
        await this.events.renewToken();
      } catch (renewal) {
        throw new GatewayRequestError(`${error.message}; no new gateway token: ${renewal instanceof Error ? renewal.message : String(renewal)}`);
      }
      await sendSip(this.handle, message, jsep);
    }
  }

  /**
   * Sends a `register` request (a real REGISTER, or a helper's) and resolves on `registered`;
   * rejects on refusal, a plugin error, or no answer within `timeoutMs` (a registrar that never
   * answers must not leave the phone waiting forever). One at a time: SipRegistration queues them.
   */
  register(request: Record<string, unknown>, { timeoutMs = 15_000, answerer = 'the registrar' } = {}): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const registered = new Promise<void>((resolve, reject) => {
      this.pendingRegistration = { resolve, reject };
      timer = setTimeout(() => {
        this.pendingRegistration = null;
        reject(new RegistrationFailedError(undefined, `no answer from ${answerer} within ${timeoutMs} ms`));
      }, timeoutMs);
    }).finally(() => clearTimeout(timer));
    void this.send({ ...request, request: 'register' }).catch((error: unknown) => this.settleRegistration(error as Error));
    return registered;
  }

  /**
   * Starts the handle's SIP stack without sending anything to the registrar (a guest `register`),
   * so that the account's REGISTER later goes out at once: the SIP plugin (Janus 1.1) starts a
   * handle's stack on its first `register` and polls for it every 100 ms, which made every first
   * registration take 100 ms more than the SIP exchange. A guest's status (`disabled`) ranks below
   * `unregistered`, so the account's own `register` that follows needs no `refresh`.
   */
  startStack(username: string): Promise<void> {
    return this.register({ type: 'guest', username }, { timeoutMs: 5000, answerer: 'the gateway' });
  }

  /** Waits (briefly) until Janus has ended the last dialog and closed its peer connection. */
  async waitFree(timeoutMs = 3000): Promise<void> {
    if (this.free) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([new Promise<void>((resolve) => this.freeWaiters.push(resolve)), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    if (!this.free) this.events.log('warn', `the gateway did not release the last call within ${timeoutMs} ms`);
    this.release({ sip: true, media: true });
  }

  /**
   * Waits until the plugin's media relay of the last call on this line is surely gone. That relay
   * is a thread that sees its call ended only when its one-second poll returns; when it leaves it
   * clears the handle's media ports, even those just taken for the next call, whose SDP then
   * offers the PBX `m=audio 0` (refused, 488). The requests that take ports (`call`, `accept`)
   * wait for it.
   */
  private async relayGone(): Promise<void> {
    const settling = this.lastCallEndedAt + RELAY_SETTLE_MS - Date.now();
    if (settling > 0) await new Promise((resolve) => setTimeout(resolve, settling));
  }

  /** Marks the gateway's side as gone (a lost session took it with it). */
  release({ sip = false, media = false }: { sip?: boolean; media?: boolean }): void {
    if (sip) this.sipCallOpen = false;
    if (media) this.mediaOpen = false;
    if (!this.free) return;
    this.track = null;
    for (const resolve of this.freeWaiters.splice(0)) resolve();
  }

  /**
   * Hangs up the line's call. When the gateway does not take the request (refused, or no
   * connection), closes our side of the call's media instead: Janus's SIP plugin then ends the
   * call by itself when the PeerConnection goes (a BYE), so a call the phone shows ended does not
   * go on at the far end, nor carry the agent's microphone.
   */
  async hangUp(): Promise<void> {
    try {
      await this.send({ request: 'hangup' });
    } catch (error) {
      this.events.log('warn', "the gateway did not take the hang-up; closing the call's media, which ends the call there", error);
      this.handle.hangup(false);
    }
  }

  createOffer(params: Omit<JanusJS.OfferParams, 'success' | 'error'>): Promise<JanusJS.JSEP> {
    return createOffer(this.handle, params);
  }

  createAnswer(params: Omit<JanusJS.PluginCreateAnswerParam, 'success' | 'error'>): Promise<JanusJS.JSEP> {
    return createAnswer(this.handle, params);
  }

  async takeAnswer(answer: JanusJS.JSEP | null): Promise<void> {
    if (answer && this.handle.webrtcStuff.pc?.signalingState === 'have-local-offer') await handleRemoteJsep(this.handle, answer);
  }

  setMicrophoneMuted(muted: boolean): void {
    if (muted) this.handle.muteAudio();
    else this.handle.unmuteAudio();
  }

  replaceTracks(tracks: JanusJS.TrackOption[]): Promise<void> {
    return replaceTracks(this.handle, tracks);
  }

  async stats(): Promise<RTCStatsReport | null> {
    const pc = this.handle.webrtcStuff.pc;
    return pc ? pc.getStats() : null;
  }

  /** Hangs up whatever call the line still has and detaches it. */
  async close(): Promise<void> {
    if (!this.free) await this.send({ request: 'hangup' }).catch(() => undefined);
    await this.detach();
  }

  /** Detaches the handle (Janus hangs up whatever call it still had). */
  detach(): Promise<void> {
    return new Promise((resolve) => this.handle.detach({ success: () => resolve(), error: () => resolve() }));
  }

  private onMessage(message: JanusJS.Message, jsep: JanusJS.JSEP | undefined): void {
    let signal: PhoneSignal;
    try {
      signal = translateSipMessage(message, jsep);
    } catch (error) {
      if (!(error instanceof MalformedSipEventError)) throw error;
      this.events.log('warn', 'dropped a SIP plugin message', error.message);
      return;
    }
    if (signal.kind !== 'ignored' || signal.event !== 'info') this.events.log('info', `sip ${signal.kind}${signal.kind === 'ignored' ? ` ${signal.event}` : ''}`);
    if (signal.kind === 'guest') {
      this.settleRegistration(null);
      return;
    }
    if (signal.kind === 'registered') this.settleRegistration(null);
    // A refusal or plugin error while registering is the answer to the register request, nothing
    // more; a refusal nobody awaits (the gateway's own refresh of the registration) is an event.
    else if ((signal.kind === 'registration-failed' || signal.kind === 'plugin-error') && this.settleRegistration(new RegistrationFailedError(signal.code, signal.reason))) return;
    else if (signal.kind === 'hangup') {
      // Tell the core to tear down the WebRTC side as well (as Janus's own SIP demo does): until
      // then the SIP plugin keeps the last dialog's state (an incoming call's ICE agent, even a
      // declined one) and answers new callers 486. The line is free once the core's `hangup`
      // event comes back (webrtcState(false)), never on the local clean-up alone: a late core
      // event would otherwise tear down the next call's fresh peer connection.
      this.handle.hangup(true);
      this.lastCallEndedAt = Date.now();
      this.release({ sip: true });
    }
    this.events.onSignal(signal);
  }

  /** Settles a pending register request; false when there was none. */
  private settleRegistration(error: Error | null): boolean {
    const pending = this.pendingRegistration;
    if (pending === null) return false;
    this.pendingRegistration = null;
    if (error === null) pending.resolve();
    else pending.reject(error);
    return true;
  }

  private onRemoteTrack(track: MediaStreamTrack, on: boolean): void {
    if (track.kind !== 'audio' || !on) return;
    this.track = track;
    this.events.onRemoteTrack();
  }
}
