/**
 * What the shell does first inside Salesforce, in one place: load Open CTI from the framing origin,
 * read and validate the call center settings while signing the agent in (the shell: fetch the
 * short-lived credentials; neither needs the other), then tell Salesforce the softphone is up,
 * without waiting for its answer (nothing the softphone does next depends on it). A
 * failure rejects with a typed error the shell shows the agent (CallCenterSettingsError lists
 * every bad setting); Salesforce is then not told the softphone is ready, so a configured standby
 * URL can take over.
 */
import { toDialString, type DialString } from './dialing.js';
import { InvalidPhoneNumberError } from './errors.js';
import { loadOpenCti, type LoadOpenCtiOptions } from './load.js';
import { parseCallCenterSettings, type PatchbayConfig } from './settings.js';
import type { ClickToDialEvent, OpenCti, Unsubscribe } from './types.js';

export interface SalesforceSession<T> {
  cti: OpenCti;
  config: PatchbayConfig;
  /** What `signIn` answered. */
  credentials: T;
  /** Salesforce's answer to notifyInitializationComplete, which was sent before the session resolved. */
  initialized: Promise<void>;
}

export async function startSalesforceSession<T>(
  location: { search: string },
  options: LoadOpenCtiOptions & {
    signIn: (cti: OpenCti) => Promise<T>;
    /** The settings, as soon as they are read: what depends only on them starts before the sign-in ends. */
    onSettings?: (config: PatchbayConfig) => void;
  },
): Promise<SalesforceSession<T>> {
  const cti = await loadOpenCti(location, options);
  const signedIn = options.signIn(cti);
  // Settings that are refused end the start: a sign-in still under way is then of no use.
  signedIn.catch(() => undefined);
  const config = parseCallCenterSettings(await cti.getCallCenterSettings());
  options.onSettings?.(config);
  const credentials = await signedIn;
  // Sent now, so that Salesforce's standby URL does not take over. Its answer (a round trip to the
  // console's page, some 20 ms in the lab) would otherwise hold up the bus, the phone and the widgets.
  const initialized = cti.notifyInitializationComplete();
  initialized.catch(() => undefined); // reported where the host awaits it
  return { cti, config, credentials, initialized };
}

/**
 * Click-to-dial with the call center's dialing prefixes applied. A number that cannot be dialled
 * goes to `onInvalid` (to tell the agent) instead of reaching the phone.
 */
export function onClickToDialDigits(
  session: Pick<SalesforceSession<unknown>, 'cti' | 'config'>,
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
