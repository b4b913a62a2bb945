import type { EndCause } from '@patchbay/contract';
import type { CallMedia } from './call-media.js';
import type { LineSource, SipLine } from './sip-line.js';

/**
 * Sends the INVITE for a call on `line` with our audio offer (mic muted if the agent is) and the
 * agent's current SIP credential, which the PBX checks on every new call.
 */
export async function placeCall(line: SipLine, request: { request: 'call'; uri: string; call_id?: string }, media: CallMedia, gateway: LineSource): Promise<void> {
  line.occupy({ sip: true, media: true });
  const headers = await gateway.callHeaders();
  const offer = await media.offer(line);
  await gateway.betweenRegistrations(() => line.send({ ...request, headers }, offer));
}

/** Why a call could not be set up: the browser refusing media, or anything else. */
export function setupFailure(error: unknown): [EndCause, string] {
  return [error instanceof DOMException ? 'media-failed' : 'error', error instanceof Error ? error.message : String(error)];
}
