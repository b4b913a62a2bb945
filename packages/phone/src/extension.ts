import type { CallSnapshot } from '@patchbay/contract';
import { PHONE_DEFAULTS, type PhoneLogger } from './phone-options.js';
import type { SipLine } from './sip-line.js';

/**
 * Dialling an extension once the call is connected: the digits go one by one as DTMF, and each
 * `,` waits before the digits after it, as a phone's pause does (a switchboard's menu may answer
 * before it listens). The contract's DialCommand.extension says the same to widgets.
 */

export interface ExtensionSteps {
  /** Sends one DTMF digit on the call. */
  send(digit: string): Promise<void>;
  /** Whether the call the extension belongs to is still connected; checked before every step. */
  stillConnected(): boolean;
  wait(ms: number): Promise<void>;
}

/** Sends `extension`; resolves with the digits sent, fewer than all if the call stopped being connected. */
export async function dialExtension(extension: string, steps: ExtensionSteps, pauseMs: number = PHONE_DEFAULTS.extensionPauseMs): Promise<string> {
  let sent = '';
  for (const step of extension) {
    if (!steps.stillConnected()) break;
    if (step === ',') {
      await steps.wait(pauseMs);
      continue;
    }
    await steps.send(step);
    sent += step;
  }
  return sent;
}

/**
 * The extension of the call being dialled, sent once that call connects (once: a resume after
 * hold does not repeat it).
 */
export class ExtensionOnConnect {
  private pending: { callId: string; digits: string } | null = null;

  constructor(
    private readonly pauseMs: number | undefined,
    private readonly log: PhoneLogger,
  ) {}

  /** The call `callId` is being dialled, with `digits` to send once connected (or none). */
  dialling(callId: string, digits: string | undefined): void {
    this.pending = digits ? { callId, digits } : null;
  }

  /** The call connected on `line`; `call` tells how it is now. */
  connected(line: SipLine | null, call: () => CallSnapshot): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null || line === null || pending.callId !== call().callId) return;
    const steps = {
      send: (digit: string) => line.send({ request: 'dtmf_info', digit }),
      stillConnected: () => call().callId === pending.callId && call().status === 'connected',
      wait: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    };
    dialExtension(pending.digits, steps, this.pauseMs).then(
      (sent) => this.log('info', sent === pending.digits.replace(/,/g, '') ? `dialled extension ${sent}` : `extension cut short: sent ${sent || 'nothing'} of ${pending.digits}`),
      (error: unknown) => this.log('warn', `could not dial extension ${pending.digits}`, error),
    );
  }
}
