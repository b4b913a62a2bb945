/**
 * What the shell does first inside Salesforce, in one place: load Open CTI from the framing origin,
 * read and validate the call center settings, fetch the agent's short-lived credentials, then tell
 * Salesforce the softphone is up. A failure rejects with a typed error the shell shows the agent
 * (CallCenterSettingsError lists every bad setting); Salesforce is then not told the softphone is
 * ready, so a configured standby URL can take over.
 */
import { fetchAgentCredentials, type AgentCredentials } from './credentials.js';
import { toDialString, type DialString } from './dialing.js';
import { InvalidPhoneNumberError } from './errors.js';
import { loadOpenCti, type LoadOpenCtiOptions } from './load.js';
import { parseCallCenterSettings, type PatchbayConfig } from './settings.js';
import type { ClickToDialEvent, OpenCti, Unsubscribe } from './types.js';

export interface SalesforceSession {
  cti: OpenCti;
  config: PatchbayConfig;
  credentials: AgentCredentials;
}

export async function startSalesforceSession(location: { search: string }, options: LoadOpenCtiOptions = {}): Promise<SalesforceSession> {
  const cti = await loadOpenCti(location, options);
  const config = parseCallCenterSettings(await cti.getCallCenterSettings());
  const credentials = await fetchAgentCredentials(cti);
  await cti.notifyInitializationComplete();
  return { cti, config, credentials };
}

/**
 * Click-to-dial with the call center's dialing prefixes applied. A number that cannot be dialled
 * goes to `onInvalid` (to tell the agent) instead of reaching the phone.
 */
export function onClickToDialDigits(
  session: Pick<SalesforceSession, 'cti' | 'config'>,
  onDial: (dial: DialString, event: ClickToDialEvent) => void,
  onInvalid: (error: InvalidPhoneNumberError, event: ClickToDialEvent) => void,
): Unsubscribe {
  return session.cti.onClickToDial((event) => {
    let dial: DialString;
    try {
      dial = toDialString(event.number, session.config.dialing);
    } catch (error) {
      if (error instanceof InvalidPhoneNumberError) return onInvalid(error, event);
      throw error;
    }
    onDial(dial, event);
  });
}
