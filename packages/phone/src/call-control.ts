import { isCallActive, type ConsultCall, type EndCause } from '@patchbay/contract';
import type { CallCore } from './call-core.js';
import type { CallMoveName } from './call-machine.js';
import { CallMedia, type MediaOptions } from './call-media.js';
import { Consultation, type CustomerCall } from './consultation.js';
import { ExtensionOnConnect } from './extension.js';
import type { JanusJS } from './janus-client.js';
import { numberFromUri, type PhoneSignal } from './janus-sip-events.js';
import { MediaError, NotRegisteredError } from './phone-errors.js';
import { PHONE_DEFAULTS, type DialOptions, type PhoneLogger, type PhoneOptions } from './phone-options.js';
import { placeCall, setupFailure } from './place-call.js';
import { sipEnd } from './sip-causes.js';
import type { LineHandlers, LineSource, SipLine } from './sip-line.js';
import { TransferFollowUp } from './transfer-follow-up.js';
import { turnAway } from './turn-away.js';

const DTMF_DIGIT = /^[0-9*#A-D]$/;

/** Signals about the line itself (its registration, callers), not about the call it carries. */
const LINE_SIGNALS: ReadonlySet<PhoneSignal['kind']> = new Set(['registered', 'registration-failed', 'incoming', 'missed', 'ignored']);

export type CallOptions = MediaOptions & Pick<PhoneOptions, 'toSipUri' | 'turnAway' | 'extensionPauseMs' | 'transferTimeoutMs'>;

/**
 * The customer's call: the agent's commands on it and the events of the line carrying it, with
 * the parts around the core it builds (media, transfer follow-up, consultation). Every command is
 * checked against the call table first.
 */
export class CallControl implements CustomerCall {
  readonly media: CallMedia;
  readonly transferFollowUp: TransferFollowUp;
  readonly consultation: Consultation;
  /** For the main line's events (the gateway connection keeps its registration's to itself). */
  readonly mainLineHandlers: LineHandlers;
  /**
   * The helper line of a consultation the agent went on with after the customer hung up: it
   * carries the current call, while the main line stays registered for the next one.
   */
  private continued: SipLine | null = null;
  private incomingOffer: JanusJS.JSEP | null = null;
  /** A dialled call waits for the main line to let go of the last one: its INVITE is not sent yet. */
  private awaitingLine = false;
  private readonly extension: ExtensionOnConnect;

  constructor(
    private readonly core: CallCore,
    private readonly gateway: LineSource,
    private readonly options: CallOptions,
    private readonly log: PhoneLogger,
  ) {
    this.media = new CallMedia(core, { call: () => this.callLine, consult: () => this.consultation.line }, options, log);
    this.transferFollowUp = new TransferFollowUp(core, options.transferTimeoutMs ?? PHONE_DEFAULTS.transferTimeoutMs, log);
    const handlers = (onSignal: LineHandlers['onSignal']): LineHandlers => ({
      onSignal,
      onRemoteTrack: () => this.media.playRemote(),
      onIceState: (line, state) => this.media.onIceState(line, state),
    });
    this.mainLineHandlers = handlers((line, signal) => this.onLineSignal(line, signal));
    const { media, transferFollowUp: transfer } = this;
    const helperHandlers = handlers((line, signal) => this.onHelperSignal(line, signal));
    this.consultation = new Consultation({ core, media, transfer, gateway, call: this, handlers: helperHandlers, toSipUri: options.toSipUri, log });
    this.extension = new ExtensionOnConnect(options.extensionPauseMs, log);
    core.onStatusChange((_before, after) => {
      if (after === 'connected') this.extension.connected(this.callLine, () => core.snapshot);
    });
  }

  /** The line carrying the current call: the main line, or a consultation that went on. */
  get callLine(): SipLine | null {
    return this.continued ?? this.gateway.mainLine;
  }

  carries(line: SipLine): boolean {
    return line === this.continued;
  }

  /** No call, and the gateway has released the last call's media (see Phone.isLineFree). */
  isLineFree(): boolean {
    return !isCallActive(this.core.snapshot.status) && (this.gateway.mainLine?.free ?? true);
  }

  requireLine(move: CallMoveName, action: string): SipLine {
    this.core.require(move, action, this.consultation.opening);
    const line = this.callLine;
    if (line === null) throw new NotRegisteredError(action);
    return line;
  }

  async dial(dialled: string, { recordId, extension }: DialOptions = {}): Promise<string> {
    this.core.require('dial', 'dial');
    const callId = crypto.randomUUID();
    this.core.localEnd = null;
    this.extension.dialling(callId, extension);
    this.core.dispatch({ type: 'dial', callId, number: dialled, at: Date.now(), recordId: recordId ?? null });
    const line = this.gateway.mainLine;
    const { registrationStatus } = this.gateway;
    if (line === null || registrationStatus !== 'registered') {
      this.end('gateway-unreachable', `not connected to the gateway (${registrationStatus})`);
      return callId;
    }
    try {
      const uri = this.options.toSipUri(dialled);
      this.awaitingLine = true;
      await line.waitFree().finally(() => {
        this.awaitingLine = false;
      });
      this.log('info', `calling ${uri}`);
      await placeCall(line, { request: 'call', uri }, this.media, this.gateway);
    } catch (error) {
      this.end(...setupFailure(error));
    }
    return callId;
  }

  async answer(): Promise<void> {
    const line = this.requireLine('answer', 'answer');
    const offer = this.incomingOffer;
    line.occupy({ media: true });
    try {
      await line.send({ request: 'accept' }, await this.media.answer(line, offer));
    } catch (error) {
      await line.send({ request: 'decline', code: 488 }).catch(() => undefined);
      this.end('media-failed', error instanceof Error ? error.message : String(error));
      throw new MediaError('answering', error);
    }
    this.core.dispatchIfAllowed({ type: 'accepted', at: Date.now() }, 'answer');
  }

  async decline(): Promise<void> {
    const line = this.requireLine('decline', 'decline');
    // The agent's choice, not a failure: the call ends as rejected (the caller gets 603 Decline).
    this.core.localEnd = 'rejected';
    await line.send({ request: 'decline', code: 603 });
    this.end('rejected', 'declined by the agent');
  }

  async hangup(): Promise<void> {
    if (this.core.allows('decline')) return this.decline();
    const line = this.requireLine('hang-up', 'hang up');
    const cause: EndCause = this.core.snapshot.connectedAt === null ? 'cancelled' : 'local-hangup';
    this.core.localEnd = cause;
    await line.hangUp();
    this.end(cause, null);
  }

  setMuted(muted: boolean): void {
    this.requireLine('muted', muted ? 'mute' : 'unmute');
    this.media.setMuted(muted);
  }

  async hold(): Promise<void> {
    const line = this.requireLine('held', 'hold');
    await line.send({ request: 'hold', direction: 'sendonly' });
    this.core.dispatchIfAllowed({ type: 'held' });
  }

  async unhold(): Promise<void> {
    const line = this.requireLine('unhold', 'resume');
    await line.send({ request: 'unhold' });
    this.core.dispatchIfAllowed({ type: 'resumed' });
  }

  async sendDtmf(digit: string): Promise<void> {
    if (!DTMF_DIGIT.test(digit)) throw new RangeError(`"${digit}" is not a DTMF digit (0-9, *, #, A-D)`);
    const line = this.requireLine('send-dtmf', 'send DTMF');
    const consulted = this.core.snapshot.consult?.status === 'connected' ? this.consultation.line : null;
    await (consulted ?? line).send({ request: 'dtmf_info', digit });
  }

  async blindTransfer(dialled: string): Promise<void> {
    const line = this.requireLine('blind-transfer', 'transfer');
    const uri = this.options.toSipUri(dialled);
    await this.transferFollowUp.request('blind', dialled, () => line.send({ request: 'transfer', uri }));
  }

  /** Ends the call; a consultation still up ends with it (the machine records how). */
  end(cause: EndCause, detail: string | null): void {
    this.transferFollowUp.stop();
    this.consultation.drop();
    const continued = this.continued;
    this.continued = null;
    void continued?.close();
    this.core.dispatch({ type: 'end', cause, detail, at: Date.now() });
    this.incomingOffer = null;
  }

  /** The gateway session is gone and could not be reclaimed: so is a call that was up. */
  callLost(reason: string): void {
    if (this.core.allows('end')) this.end('gateway-lost', `gateway connection lost: ${reason}`);
  }

  /**
   * Gateway events of the phone's lines. Callers are the main line's business; the call's events
   * come from the line carrying it (the main line, or a consultation that went on: the hang-up of
   * a caller the main line refused is not the call's). A line from a lost session has no say.
   */
  private async onLineSignal(line: SipLine, signal: PhoneSignal): Promise<void> {
    if (LINE_SIGNALS.has(signal.kind) ? line !== this.gateway.mainLine : line !== this.callLine) return;
    const { core } = this;
    switch (signal.kind) {
      case 'remote-ringing':
        core.dispatchIfAllowed({ type: 'remote-ringing' });
        return;
      case 'incoming': {
        line.occupy({ sip: true, media: signal.offer !== null });
        // A handle carries one call: Janus itself answers a second caller 486 (missed_call). While
        // a consultation that went on is the call, the main line is free at the gateway, so the
        // phone says busy (486, not 603: another device of the agent's may still answer).
        if (this.continued !== null) return line.send({ request: 'decline', code: 486 });
        const away = this.options.turnAway?.() ?? null;
        if (away !== null) return turnAway(line, signal.from, away, this.log);
        this.incomingOffer = signal.offer;
        core.localEnd = null;
        core.dispatch({ type: 'incoming', callId: crypto.randomUUID(), number: numberFromUri(signal.from), at: Date.now() });
        return;
      }
      case 'accepted':
        // The answer to our offer: the first one of an outbound call, or to an ICE-restart update
        // in a call of either direction.
        await line.takeAnswer(signal.answer);
        core.dispatchIfAllowed({ type: 'accepted', at: Date.now() });
        return;
      case 'updating':
        await this.media.answerUpdate(line, signal.offer);
        return;
      case 'held':
        core.dispatchIfAllowed({ type: 'held' });
        return;
      case 'resumed':
        core.dispatchIfAllowed({ type: 'resumed' });
        return;
      case 'hangup': {
        // While a new call waits for the line, the dialog ending there is the last call's (ended
        // here already, by the agent's hang-up): the new call has sent nothing yet.
        if (!core.allows('end') || (this.awaitingLine && line === this.gateway.mainLine)) return;
        const ending = sipEnd(signal, core.localEnd, core.snapshot.connectedAt !== null);
        const consultLine = this.consultation.line;
        const { consult } = core.snapshot;
        // The customer left while the agent consulted (no request of ours, no transfer pending).
        if (line === this.gateway.mainLine && core.localEnd === null && consultLine !== null && consult != null && core.allows('customer-left')) {
          this.goOnWithConsultation(consultLine, consult, ending);
        } else {
          this.end(...ending);
        }
        return;
      }
      case 'plugin-error':
        this.log('warn', `SIP plugin error ${signal.code ?? ''}: ${signal.reason}`);
        if (core.allows('setup-error')) this.end('error', signal.reason);
        else if (core.allows('transfer-answer')) this.transferFollowUp.refused(signal.reason);
        return;
      case 'transfer-progress': {
        if (!core.allows('transfer-answer') || !this.transferFollowUp.progress(signal.status, signal.reason)) return;
        // The customer reached the new party: leave the call (a transferee may not send BYE).
        // Ended first, so the customer's own BYE arriving meanwhile finds the call over. A call
        // that went on from a consultation has its line closed (hung up) by end() itself.
        const closedByEnd = line === this.continued;
        this.end('transferred', `transferred (${signal.status})`);
        if (!closedByEnd) await line.hangUp();
        return;
      }
      case 'missed':
        this.log('warn', `missed a call from ${signal.from}: the line was still busy at the gateway`);
        return;
      default:
        return;
    }
  }

  /** Events of a helper line: a consultation's, or the call's once the consultation went on. */
  private async onHelperSignal(line: SipLine, signal: PhoneSignal): Promise<void> {
    // Janus offers a helper a caller when the main line is busy; this line only consults.
    if (signal.kind === 'incoming') return line.send({ request: 'decline', code: 486 });
    if (line === this.continued) return this.onLineSignal(line, signal);
    return this.consultation.onSignal(line, signal);
  }

  /**
   * The customer hung up while the agent consulted: their call ends (and is logged), and the
   * consultation goes on as the agent's call, on its helper line, rather than being cut off.
   */
  private goOnWithConsultation(line: SipLine, consult: ConsultCall, [cause, detail]: [EndCause, string]): void {
    this.transferFollowUp.stop();
    this.consultation.forget();
    this.continued = line;
    this.incomingOffer = null;
    this.core.dispatch({ type: 'end', cause, detail, at: Date.now(), consultGoesOn: true });
    this.core.dispatch({ type: 'consult-goes-on', callId: crypto.randomUUID(), consult });
    if (!isCallActive(this.core.snapshot.status)) {
      // The machine refused it (logged there): no call is left to carry, so neither is the line.
      this.continued = null;
      void line.close();
      return;
    }
    this.media.playRemote();
  }
}
