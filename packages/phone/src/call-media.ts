import { isCallActive, type CallStatus } from '@patchbay/contract';
import type { CallCore } from './call-core.js';
import { qualityFromStats, type StatsEntry } from './call-quality.js';
import type { JanusJS } from './janus-client.js';
import { MediaError } from './phone-errors.js';
import { PHONE_DEFAULTS, type PhoneLogger, type PhoneOptions } from './phone-options.js';
import type { SipLine } from './sip-line.js';

/** The lines whose media the agent takes part in. */
export interface MediaLines {
  /** The line carrying the current call. */
  call(): SipLine | null;
  /** A consultation's line, once it is open. */
  consult(): SipLine | null;
}

export type MediaOptions = Pick<PhoneOptions, 'remoteAudio' | 'ringTone' | 'onAutoplayBlocked' | 'qualityIntervalMs'>;

/**
 * The call's audio: the agent's microphone in offers and answers, mute, devices, playing whom the
 * agent talks to, the ring tone, quality measurements and ICE restarts.
 */
export class CallMedia {
  private microphone: string | null = null;
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  private readonly onOnline = (): void => void this.restartIce('network changed');

  constructor(
    private readonly core: CallCore,
    private readonly lines: MediaLines,
    private readonly options: MediaOptions,
    private readonly log: PhoneLogger,
  ) {
    core.onStatusChange((before, after) => this.onStatusChange(before, after));
  }

  /** Our offer for a new call on `line` (the microphone muted if the agent is). */
  async offer(line: SipLine): Promise<JanusJS.JSEP> {
    const offer = await line.createOffer({ tracks: [this.audioTrack()] });
    if (this.core.snapshot.muted) line.setMicrophoneMuted(true);
    return offer;
  }

  /** Our answer to a ringing call's offer, or an offer of ours when the caller sent none. */
  answer(line: SipLine, offer: JanusJS.JSEP | null): Promise<JanusJS.JSEP> {
    return offer ? line.createAnswer({ jsep: offer, tracks: [this.audioTrack()] }) : line.createOffer({ tracks: [this.audioTrack()] });
  }

  /** A re-INVITE from the far end (its own hold, a codec change): answer with our audio. */
  async answerUpdate(line: SipLine, offer: JanusJS.JSEP | null): Promise<void> {
    if (offer === null) return;
    // No tracks: janus.js then keeps the call's current ones (capture:false would stop sending).
    const answer = await line.createAnswer({ jsep: offer });
    await line.send({ request: 'update' }, answer);
  }

  /** Mutes the agent's microphone on every line (the customer's and a consultation's). */
  setMuted(muted: boolean): void {
    for (const line of this.activeLines()) line.setMicrophoneMuted(muted);
    this.core.dispatch({ type: 'muted', muted });
  }

  /** Uses this microphone from now on, switching the live calls' tracks if there are any. */
  async setMicrophone(deviceId: string): Promise<void> {
    this.microphone = deviceId;
    for (const line of this.activeLines()) {
      await line.replaceTracks([{ ...this.audioTrack(), replace: true }]).catch((error: unknown) => {
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
    return (await this.lines.call()?.stats()) ?? null;
  }

  /** Plays whom the agent talks to: the consulted party once they answer, else the customer. */
  playRemote(): void {
    const consulting = this.core.snapshot.consult?.status === 'connected' ? this.lines.consult()?.remoteTrack : null;
    const track = consulting ?? this.lines.call()?.remoteTrack ?? null;
    if (track === null) return;
    const audio = this.options.remoteAudio;
    const current = audio.srcObject instanceof MediaStream ? audio.srcObject.getAudioTracks()[0] : undefined;
    if (track === current) return;
    audio.srcObject = new MediaStream([track]);
    audio.play().catch((error: unknown) => {
      // AbortError only means a newer track replaced this one; NotAllowedError is the autoplay policy.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError')) return;
      this.log('warn', 'the browser blocked audio until the agent interacts with the page', error);
      this.options.onAutoplayBlocked?.();
    });
  }

  /** ICE of the call's line went bad: a restart may save the call. Other lines' ICE is left alone. */
  onIceState(line: SipLine, state: string): void {
    if (line !== this.lines.call()) return;
    if ((state === 'disconnected' || state === 'failed') && isCallActive(this.core.snapshot.status)) {
      void this.restartIce(`ICE ${state}`);
    }
  }

  /** Restarts ICE whenever the browser says the network changed (`online`). */
  watchNetwork(): void {
    window.addEventListener('online', this.onOnline);
  }

  unwatchNetwork(): void {
    window.removeEventListener('online', this.onOnline);
  }

  /** ICE restart on a network change (the SIP plugin's `update` with a fresh offer). */
  async restartIce(reason: string): Promise<void> {
    const line = this.lines.call();
    if (line === null || !this.core.allows('ice-restart')) return;
    this.log('info', `restarting ICE: ${reason}`);
    try {
      const offer = await line.createOffer({ iceRestart: true });
      await line.send({ request: 'update' }, offer);
    } catch (error) {
      this.log('warn', 'ICE restart failed', error);
    }
  }

  /**
   * Opens the microphone and a throwaway peer connection once, then closes both: the first call
   * otherwise pays for device start-up and WebRTC initialisation (measured about 1 s on the lab
   * machines, against about 0.15 s after warm-up). It also asks for the microphone at sign-in
   * rather than at the first call. A refusal is logged, not fatal: dial() reports it per call.
   */
  async warmUp(): Promise<void> {
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
      for (const track of stream?.getTracks() ?? []) track.stop();
    }
  }

  stopQuality(): void {
    if (this.qualityTimer !== null) clearInterval(this.qualityTimer);
    this.qualityTimer = null;
  }

  private onStatusChange(before: CallStatus, after: CallStatus): void {
    if (after === 'ringing-in') this.options.ringTone?.start();
    if (before === 'ringing-in') this.options.ringTone?.stop();
    if (after === 'connected' && this.qualityTimer === null) {
      this.qualityTimer = setInterval(() => void this.measureQuality(), this.options.qualityIntervalMs ?? PHONE_DEFAULTS.qualityIntervalMs);
    }
    if (!isCallActive(after)) this.stopQuality();
  }

  private async measureQuality(): Promise<void> {
    const report = await this.stats();
    if (report === null) return;
    const quality = qualityFromStats(report.values() as IterableIterator<StatsEntry>);
    if (quality !== null) this.core.dispatchIfAllowed({ type: 'quality', quality });
  }

  /** The lines with a call the agent's microphone feeds: the customer's, and a consultation's. */
  private activeLines(): SipLine[] {
    const lines: SipLine[] = [];
    const callLine = this.lines.call();
    if (callLine !== null && isCallActive(this.core.snapshot.status)) lines.push(callLine);
    const consultLine = this.lines.consult();
    if (consultLine !== null) lines.push(consultLine);
    return lines;
  }

  private audioTrack(): JanusJS.TrackOption {
    return { type: 'audio', capture: this.microphone ? { deviceId: { exact: this.microphone } } : true, recv: true };
  }
}
