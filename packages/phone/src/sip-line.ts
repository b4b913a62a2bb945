import type { JanusJS } from './janus-client.js';
import type { PhoneSignal } from './janus-sip-events.js';
import type { RegistrationStatus } from './phone-options.js';

/**
 * One SIP line at the gateway, carrying one call at a time (Janus carries one call per SIP plugin
 * handle). The phone has a main line, registered with the agent's account, and during an attended
 * transfer a consult line (a helper registered under the main line's account). JanusSipLine is the
 * real one; the call logic knows only this interface.
 */
export interface SipLine {
  /** The far end's live audio track in the current call, or null. */
  readonly remoteTrack: MediaStreamTrack | null;
  /** No SIP dialog and no media left at the gateway: a new call can start here. */
  readonly free: boolean;
  /** Records that a call (its SIP dialog, and media when the gateway holds any) now exists here. */
  occupy(parts: { sip?: boolean; media?: boolean }): void;
  /** Marks the gateway's side as gone. */
  release(parts: { sip?: boolean; media?: boolean }): void;
  /** Sends a request to the SIP plugin; rejects when the gateway does not take it. */
  send(message: JanusJS.PluginMessage['message'], jsep?: JanusJS.JSEP): Promise<void>;
  /** Sends a `register` request and resolves once registered; rejects on refusal or no answer in time. */
  register(request: Record<string, unknown>, options?: { timeoutMs?: number; answerer?: string }): Promise<void>;
  /** Waits (briefly) until the gateway has let go of the last call. */
  waitFree(timeoutMs?: number): Promise<void>;
  /** Hangs up the line's call, ending it at the far end even when the gateway does not take the request. */
  hangUp(): Promise<void>;
  /** Hangs up whatever call the line still has and detaches it. */
  close(): Promise<void>;
  detach(): Promise<void>;
  /** Our SDP offer (a new call, or an ICE restart). */
  createOffer(params: Omit<JanusJS.OfferParams, 'success' | 'error'>): Promise<JanusJS.JSEP>;
  /** Our SDP answer to the far end's offer. */
  createAnswer(params: Omit<JanusJS.PluginCreateAnswerParam, 'success' | 'error'>): Promise<JanusJS.JSEP>;
  /** Takes the far end's answer to an offer of ours still waiting for one; anything else is left alone. */
  takeAnswer(answer: JanusJS.JSEP | null): Promise<void>;
  setMicrophoneMuted(muted: boolean): void;
  replaceTracks(tracks: JanusJS.TrackOption[]): Promise<void>;
  /** WebRTC stats of the line's peer connection, or null without one. */
  stats(): Promise<RTCStatsReport | null>;
}

/** What the phone does with a line's events. */
export interface LineHandlers {
  /** A gateway event of `line`, translated; a rejection is logged by the line's owner. */
  onSignal(line: SipLine, signal: PhoneSignal): Promise<void> | void;
  /** The far end's audio track arrived or changed. */
  onRemoteTrack(): void;
  onIceState(line: SipLine, state: string): void;
}

/** What the call needs of the gateway connection: its lines, and when a call request may go. */
export interface LineSource {
  /** The main line, or null while there is no session (the gateway was lost). */
  readonly mainLine: SipLine | null;
  readonly registrationStatus: RegistrationStatus;
  /**
   * Opens helper lines under the main line's current registration (janus_sip.c, helpers), or null
   * while the phone is not registered. Taken before a wait: a later session is not this call's.
   */
  helperLines(): ((handlers: LineHandlers) => Promise<SipLine>) | null;
  /** The SIP headers carrying the agent's current credential, which the PBX checks on every new call. */
  callHeaders(): Promise<Record<string, string>>;
  /** Sends a call request when no REGISTER is in flight (see SipRegistration). */
  betweenRegistrations(send: () => Promise<void>): Promise<void>;
}
