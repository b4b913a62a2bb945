/**
 * Dialling an extension once the call is connected: the digits go one by one as DTMF, and each
 * `,` waits before the digits after it, as a phone's pause does (a switchboard's menu may answer
 * before it listens). The contract's DialCommand.extension says the same to widgets.
 */

/** How long one `,` waits: what phones commonly pause for a comma. */
export const EXTENSION_PAUSE_MS = 2000;

export interface ExtensionSteps {
  /** Sends one DTMF digit on the call. */
  send(digit: string): Promise<void>;
  /** Whether the call the extension belongs to is still connected; checked before every step. */
  stillConnected(): boolean;
  wait(ms: number): Promise<void>;
}

/** Sends `extension`; resolves with the digits sent, fewer than all if the call stopped being connected. */
export async function dialExtension(extension: string, steps: ExtensionSteps, pauseMs = EXTENSION_PAUSE_MS): Promise<string> {
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
