import { isAgentId, type AgentId } from '@patchbay/contract';
import { parseAgentCredentials, type AgentCredentials, type DialingPlan } from '@patchbay/opencti';

/**
 * What passes between a Salesforce tab's shell and the phone window, on the shell's own origin
 * only. The window greets its opener with `HELLO`; the tab answers with `LINK` and a MessagePort
 * (transferred, so no other document holds it); everything else goes over that port. Credentials
 * travel only there: never on the bus, never in storage.
 */
export const HELLO = 'patchbay.phone-window.hello';
export const LINK = 'patchbay.phone-window.link';

/** What the window needs to run the agent's phone, sent first over the port. */
export interface PhoneWindowSetup {
  agentId: AgentId;
  displayName: string;
  busUrls: string[];
  gatewayUrls: string[];
  /** The call center's dialing rules; null outside Salesforce. */
  dialing: DialingPlan | null;
  credentials: AgentCredentials;
}

/** Tab → window, over the port. */
export type TabMessage = { kind: 'setup'; setup: PhoneWindowSetup } | { kind: 'renewed'; id: number; credentials: AgentCredentials } | { kind: 'renew-failed'; id: number; reason: string };

/**
 * Window → tab, over the port: renew the credentials (through Salesforce) and answer with `id`; or
 * pin the window's public key, which the agent's tabs seal renewed credentials to once this tab
 * is gone (see sealed-credentials.ts).
 */
export type WindowMessage = { kind: 'renew'; id: number } | { kind: 'pin'; publicKey: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A window message of `kind` (HELLO or LINK) from a document of the shell's own origin: nothing else links. */
export function isLinkEvent(event: MessageEvent<unknown>, kind: typeof HELLO | typeof LINK): boolean {
  return event.origin === window.location.origin && isRecord(event.data) && event.data['kind'] === kind;
}
const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function parseDialing(value: unknown): DialingPlan | null {
  if (value === null) return null;
  if (!isRecord(value)) throw new Error('dialing is not an object');
  const { outsidePrefix, longDistancePrefix, internationalPrefix, homeCountryCode, internalMaxDigits } = value;
  if (
    typeof outsidePrefix !== 'string' ||
    typeof longDistancePrefix !== 'string' ||
    typeof internationalPrefix !== 'string' ||
    typeof homeCountryCode !== 'string' ||
    typeof internalMaxDigits !== 'number'
  ) {
    throw new Error('dialing is incomplete');
  }
  return { outsidePrefix, longDistancePrefix, internationalPrefix, homeCountryCode, internalMaxDigits };
}

/** A message from the tab, checked where it enters the window; throws with what is wrong. */
export function parseTabMessage(data: unknown): TabMessage {
  if (!isRecord(data)) throw new Error('not an object');
  if (data['kind'] === 'setup') {
    const setup = data['setup'];
    if (!isRecord(setup)) throw new Error('setup is missing');
    const { agentId, displayName, busUrls, gatewayUrls } = setup;
    if (typeof agentId !== 'string' || !isAgentId(agentId)) throw new Error('setup.agentId is not an agent id');
    if (typeof displayName !== 'string' || !strings(busUrls) || !strings(gatewayUrls)) throw new Error('setup is incomplete');
    return { kind: 'setup', setup: { agentId, displayName, busUrls, gatewayUrls, dialing: parseDialing(setup['dialing']), credentials: parseAgentCredentials(setup['credentials']) } };
  }
  const id = data['id'];
  if (typeof id !== 'number') throw new Error('id is missing');
  if (data['kind'] === 'renewed') return { kind: 'renewed', id, credentials: parseAgentCredentials(data['credentials']) };
  if (data['kind'] === 'renew-failed') return { kind: 'renew-failed', id, reason: String(data['reason']).slice(0, 512) };
  throw new Error(`unknown kind ${String(data['kind'])}`);
}

/** A raw P-256 public key in base64: 65 bytes. */
const PUBLIC_KEY = /^[A-Za-z0-9+/]{86}[AEIMQUYcgkosw048]=$/;

/** A message from the window, checked where it enters the tab. */
export function parseWindowMessage(data: unknown): WindowMessage {
  if (isRecord(data) && data['kind'] === 'renew' && typeof data['id'] === 'number') return { kind: 'renew', id: data['id'] };
  if (isRecord(data) && data['kind'] === 'pin' && typeof data['publicKey'] === 'string' && PUBLIC_KEY.test(data['publicKey'])) return { kind: 'pin', publicKey: data['publicKey'] };
  throw new Error('neither a renewal request nor a key to pin');
}
