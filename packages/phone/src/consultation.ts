import type { EndCause } from '@patchbay/contract';
import type { CallCore } from './call-core.js';
import { CALL_MOVES, type CallMoveName } from './call-machine.js';
import type { CallMedia } from './call-media.js';
import type { PhoneSignal } from './janus-sip-events.js';
import { NotRegisteredError, TransferError } from './phone-errors.js';
import type { PhoneLogger } from './phone-options.js';
import { placeCall, setupFailure } from './place-call.js';
import { sipEnd } from './sip-causes.js';
import type { LineHandlers, LineSource, SipLine } from './sip-line.js';
import type { TransferFollowUp } from './transfer-follow-up.js';

/** What a consultation needs of the customer's call (CallControl). */
export interface CustomerCall {
  /** The customer's line, once the table allows `move` (refused as every command is). */
  requireLine(move: CallMoveName, action: string): SipLine;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  end(cause: EndCause, detail: string | null): void;
  /** Whether `line`, a consultation's, went on as the call after the customer left. */
  carries(line: SipLine): boolean;
}

export interface ConsultationParts {
  core: CallCore;
  media: CallMedia;
  transfer: TransferFollowUp;
  gateway: LineSource;
  call: CustomerCall;
  /** For the helper line's events. */
  handlers: LineHandlers;
  toSipUri: (dialled: string) => string;
  log: PhoneLogger;
}

/**
 * A consultation as the phone runs it. The object is also its identity: a step that awaited
 * something checks it is still the current one before going on.
 */
interface Attempt {
  /** The helper line, once it is open. */
  line: SipLine | null;
  uri: string;
  /** Our own Call-ID for the consult call: the transfer's `replace` names it. */
  sipCallId: string;
  localEnd: EndCause | null;
}

/**
 * The attended transfer's consultation: the customer waits on hold while the agent calls someone
 * on a helper line (Janus carries one call per handle), then completes the transfer or cancels.
 * The snapshot's `consult` follows that call.
 */
export class Consultation {
  private attempt: Attempt | null = null;

  constructor(private readonly parts: ConsultationParts) {}

  /** Whether the phone runs a consultation, from the moment it holds the customer for one. */
  get opening(): boolean {
    return this.attempt !== null;
  }

  /** The consultation's line, once it is open. */
  get line(): SipLine | null {
    return this.attempt?.line ?? null;
  }

  /** Holds the customer if they are not yet, and calls `dialled` on a helper line. */
  async start(dialled: string): Promise<void> {
    const { core, call, gateway, log } = this.parts;
    call.requireLine('consult', 'consult');
    const open = gateway.helperLines();
    if (open === null) throw new NotRegisteredError('consult');
    const attempt: Attempt = { line: null, uri: this.parts.toSipUri(dialled), sipCallId: `pb-consult-${crypto.randomUUID()}`, localEnd: null };
    // Taken before the first await: a second press, or a cancel, sees this consultation.
    this.attempt = attempt;
    try {
      if (core.allows('held')) await call.hold();
    } catch (error) {
      if (this.attempt === attempt) this.attempt = null;
      throw error;
    }
    if (this.attempt !== attempt) return;
    if (!core.dispatch({ type: 'consult-dial', target: dialled, at: Date.now() })) {
      this.attempt = null; // the machine refused it (the hold did not take): logged there
      return;
    }
    try {
      const line = await open(this.parts.handlers);
      if (this.attempt !== attempt) {
        // Cancelled, or the customer's call ended, while the line opened.
        void line.detach();
        return;
      }
      attempt.line = line;
      log('info', `consulting ${attempt.uri}`);
      await placeCall(line, { request: 'call', uri: attempt.uri, call_id: attempt.sipCallId }, this.parts.media, gateway);
    } catch (error) {
      if (this.attempt === attempt) this.end(...setupFailure(error));
      // The customer left meanwhile and this call went on as the agent's: it failed to start.
      else if (attempt.line !== null && call.carries(attempt.line)) call.end(...setupFailure(error));
    }
  }

  /**
   * Asks the customer to call the consulted party in place of the consultation (REFER with
   * Replaces). When the customer reports that call answered, the phone leaves both calls, cause
   * `transferred`; a refused transfer leaves both calls as they were.
   */
  async complete(): Promise<void> {
    const line = this.parts.call.requireLine('complete-transfer', 'complete the transfer');
    const attempt = this.attempt;
    const consult = this.parts.core.snapshot.consult;
    // The table's check means both are there; the compiler cannot know.
    if (attempt?.line == null || consult == null) throw new TransferError('complete the transfer', CALL_MOVES['complete-transfer'].consult.refusal);
    await this.parts.transfer.request(
      'attended',
      consult.target,
      () => {
        attempt.localEnd = 'transferred';
        return line.send({ request: 'transfer', uri: attempt.uri, replace: attempt.sipCallId });
      },
      () => (attempt.localEnd = null),
    );
  }

  /** Drops the consultation (hanging it up if it is still up) and takes the customer off hold. */
  async cancel(): Promise<void> {
    this.parts.call.requireLine('cancel-consult', 'cancel the consultation');
    this.end(this.parts.core.snapshot.consult?.connectedAt == null ? 'cancelled' : 'local-hangup', null);
    await this.parts.call.unhold();
  }

  /**
   * Ends the consultation in the snapshot and lets its line go (hanging up at the gateway if the
   * call is still up there); the agent hears the customer's line again.
   */
  end(cause: EndCause, detail: string | null): void {
    const line = this.forget();
    this.parts.core.dispatchIfAllowed({ type: 'consult-end', cause, detail, at: Date.now() });
    void line?.close();
    this.parts.media.playRemote();
  }

  /** Lets the consultation go with the call that ends: its line is hung up. */
  drop(): void {
    void this.forget()?.close();
  }

  /** The phone no longer runs the consultation (it ended, or went on as the call); returns its line. */
  forget(): SipLine | null {
    const line = this.line;
    this.attempt = null;
    return line;
  }

  /** Events of the consult line (its callers, and its events once it carries the call, are CallControl's). */
  async onSignal(line: SipLine, signal: PhoneSignal): Promise<void> {
    const { core, call, media, log } = this.parts;
    const attempt = this.attempt;
    if (attempt?.line !== line) return;
    switch (signal.kind) {
      case 'remote-ringing':
        core.dispatchIfAllowed({ type: 'consult-ringing' });
        return;
      case 'accepted':
        await line.takeAnswer(signal.answer);
        if (core.allows('consult-accepted')) core.dispatch({ type: 'consult-accepted', at: Date.now() });
        // The customer left while the answer was being taken: the call that went on is answered.
        else if (call.carries(line)) core.dispatchIfAllowed({ type: 'accepted', at: Date.now() });
        media.playRemote();
        return;
      case 'updating':
        await media.answerUpdate(line, signal.offer);
        return;
      case 'hangup': {
        const connected = core.snapshot.consult?.connectedAt != null;
        if (core.allows('consult-end')) this.end(...sipEnd(signal, attempt.localEnd, connected));
        return;
      }
      case 'plugin-error':
        log('warn', `SIP plugin error on the consult line ${signal.code ?? ''}: ${signal.reason}`);
        if (core.allows('consult-setup-error')) this.end('error', signal.reason);
        return;
      default:
        return;
    }
  }
}
