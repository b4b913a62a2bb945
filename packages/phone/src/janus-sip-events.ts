/**
 * The one place that knows the SIP plugin's event strings (janus_sip.c, Janus 1.1). Everything
 * else in the phone works with the PhoneSignal union below.
 */
import type { JanusJS } from 'janus-gateway';

export type PhoneSignal =
  /** `masterId`: what a helper line registers under (absent for a helper's own registration). */
  | { kind: 'registered'; masterId: number | undefined }
  /** A guest `register`: the line's SIP stack runs, and nothing was sent to the registrar. */
  | { kind: 'guest' }
  | { kind: 'registration-failed'; code: number | undefined; reason: string }
  | { kind: 'remote-ringing' }
  | { kind: 'incoming'; from: string; displayName: string | null; sipCallId: string | null; offer: JanusJS.JSEP | null }
  | { kind: 'accepted'; answer: JanusJS.JSEP | null }
  | { kind: 'updating'; offer: JanusJS.JSEP | null }
  | { kind: 'held' }
  | { kind: 'resumed' }
  | { kind: 'hangup'; code: number | undefined; reason: string }
  /** The far end's progress on our REFER (RFC 3515 NOTIFY with a sipfrag status line). */
  | { kind: 'transfer-progress'; status: number; reason: string }
  /** Janus refused a caller with 486 because the handle still had a call or its media. */
  | { kind: 'missed'; from: string }
  | { kind: 'plugin-error'; code: number | undefined; reason: string }
  /** Acknowledgements and events the phone has no use for (calling, accepting, hangingup, info…). */
  | { kind: 'ignored'; event: string };

export class MalformedSipEventError extends Error {
  override name = 'MalformedSipEventError';
}

interface SipResult {
  event?: unknown;
  code?: unknown;
  reason?: unknown;
  username?: unknown;
  caller?: unknown;
  notify?: unknown;
  content?: unknown;
  displayname?: unknown;
  call_id?: unknown;
  master_id?: unknown;
  register_sent?: unknown;
  helper?: unknown;
}

const asNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The user part of `sip:user@host` (or the whole string when it is not a SIP URI). */
export function numberFromUri(uri: string): string {
  const match = /^sips?:([^@;>]+)@/.exec(uri.replace(/^.*</, ''));
  return match?.[1] ?? uri;
}

/** A SIP plugin message as it arrives: nothing in it is trusted until checked here. */
export interface SipPluginMessage {
  /** "event" on plugin events. */
  sip?: unknown;
  error?: unknown;
  error_code?: unknown;
  result?: unknown;
}

/** Translates one SIP plugin message (and its jsep) into a PhoneSignal. */
export function translateSipMessage(message: SipPluginMessage, jsep: JanusJS.JSEP | undefined): PhoneSignal {
  if (typeof message.error === 'string') {
    return { kind: 'plugin-error', code: asNumber(message.error_code), reason: message.error };
  }
  const result = (typeof message.result === 'object' && message.result !== null ? message.result : {}) as SipResult;
  if (typeof result.event !== 'string') throw new MalformedSipEventError(`SIP plugin message without result.event: ${JSON.stringify(message)}`);
  const event = result.event;
  const offer = jsep ?? null;
  switch (event) {
    case 'registered':
      // A helper's registration sends nothing either, and is the helper line's registration.
      if (result.register_sent === false && result.helper !== true) return { kind: 'guest' };
      return { kind: 'registered', masterId: asNumber(result.master_id) };
    case 'registration_failed':
      return { kind: 'registration-failed', code: asNumber(result.code), reason: asString(result.reason) };
    case 'ringing':
    case 'proceeding':
    case 'progress':
      return { kind: 'remote-ringing' };
    case 'incomingcall': {
      const from = asString(result.username);
      return {
        kind: 'incoming',
        from,
        displayName: asString(result.displayname).replace(/^"|"$/g, '') || null,
        sipCallId: asString(result.call_id) || null,
        offer,
      };
    }
    case 'accepted':
      return { kind: 'accepted', answer: offer };
    case 'updatingcall':
      return { kind: 'updating', offer };
    case 'holding':
      return { kind: 'held' };
    case 'resuming':
      return { kind: 'resumed' };
    case 'notify': {
      const status = /^SIP\/2\.0 (\d{3}) ?([^\r\n]*)/.exec(asString(result.content));
      if (result.notify !== 'refer' || status === null) return { kind: 'ignored', event };
      return { kind: 'transfer-progress', status: Number(status[1]), reason: status[2] ?? '' };
    }
    case 'missed_call':
      return { kind: 'missed', from: asString(result.caller ?? result.username) };
    case 'hangup':
      return { kind: 'hangup', code: asNumber(result.code), reason: asString(result.reason) };
    default:
      return { kind: 'ignored', event };
  }
}
