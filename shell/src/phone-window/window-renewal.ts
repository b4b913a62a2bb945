import { subjects, type PhoneRenewalReply } from '@patchbay/contract';
import { NoResponderError, type Bus, type Unsubscribe } from '@patchbay/bus';
import type { AgentCredentials } from '@patchbay/opencti';
import { SHELL_DEFAULTS } from '../config/defaults.js';
import { describeError, log } from '../log.js';
import { pinnedWindowKey } from './pinned-key.js';
import { sealCredentials, type WindowKey } from './sealed-credentials.js';

/**
 * The Salesforce tab that holds the agent's phone, while the phone window runs it: answers the
 * window's renewal requests with the tab's current credentials (renewed when due, so a request
 * costs Salesforce nothing more), sealed to the key the window pinned. Anything else on the agent's
 * bus may ask too (a widget's view refuses it); it gets only what the window alone can open.
 */
export function serveWindowRenewals(bus: Bus, current: () => Promise<AgentCredentials | null>): Unsubscribe {
  const agent = bus.agentId;
  const refuse = (reason: string): PhoneRenewalReply => ({ sealed: null, refused: reason.slice(0, 512) });
  return bus.reply(subjects.phoneRenewal(agent), async () => {
    const publicKey = pinnedWindowKey(agent);
    if (publicKey === null) return refuse('no phone window was linked in the Salesforce tabs of this browser');
    try {
      const credentials = await current();
      if (!credentials) return refuse('this Salesforce tab has no credentials to renew');
      return { sealed: await sealCredentials(credentials, publicKey), refused: null };
    } catch (error) {
      log('warn', 'PHONE-WINDOW', `could not renew the phone window's credentials: ${describeError(error)}`);
      return refuse(describeError(error));
    }
  });
}

/**
 * The phone window, once the tab it was linked to is gone: renewed credentials from whichever of the
 * agent's Salesforce tabs holds the phone, over the bus. Refuses credentials of another agent or
 * SIP account than `held` (a reply anyone on the agent's bus could have forged from the pinned key).
 */
export async function renewThroughAnyTab(bus: Bus, key: WindowKey, held: AgentCredentials): Promise<AgentCredentials> {
  let reply: PhoneRenewalReply;
  try {
    reply = await bus.request(subjects.phoneRenewal(bus.agentId), {}, { timeoutMs: SHELL_DEFAULTS.anyTabRenewTimeoutMs });
  } catch (error) {
    if (error instanceof NoResponderError) throw new Error('no Salesforce tab is open, and this window renews its access only through one: open Salesforce in a tab');
    throw error;
  }
  if (!reply.sealed) throw new Error(`the Salesforce tab could not renew it: ${reply.refused ?? 'no reason given'}`);
  let credentials: AgentCredentials;
  try {
    credentials = await key.open(reply.sealed, held.agentId);
  } catch (error) {
    throw new Error(`the renewed credentials could not be opened (not sealed to this window?): ${describeError(error)}`);
  }
  if (credentials.agentId !== held.agentId || credentials.sip.username !== held.sip.username || credentials.sip.proxy !== held.sip.proxy) {
    throw new Error('the renewed credentials are for another agent or SIP account');
  }
  return credentials;
}
