import type { AgentId } from '@patchbay/contract';
import type { AgentCredentials } from '@patchbay/opencti';
import { describeError, log } from '../log.js';
import { HELLO, LINK, isLinkEvent, parseWindowMessage, type PhoneWindowSetup, type TabMessage, type WindowMessage } from './link-messages.js';
import { pinWindowKey } from './pinned-key.js';

/** What a Salesforce tab hands the phone window: its setup, and renewed credentials on request. */
export interface WindowCourier {
  setup(): Promise<PhoneWindowSetup>;
  /** New credentials through Salesforce (the window has no Open CTI). */
  renew(): Promise<AgentCredentials>;
}

/** The query parameter that starts the shell's page as the phone window. */
export const PHONE_WINDOW_PARAM = 'phone-window';
const FEATURES = 'popup,width=380,height=560';
/** Set in this tab's session storage once it opened the window: a reload of the tab links again. */
const OPENED_HERE = 'patchbay.phone-window.opened';

export function phoneWindowName(agent: AgentId): string {
  return `patchbay-phone-${agent}`;
}

function phoneWindowUrl(): string {
  const url = new URL(window.location.href);
  url.search = `?${PHONE_WINDOW_PARAM}`;
  url.hash = '';
  return url.href;
}

/**
 * Hands the window a fresh MessagePort, to the shell's own origin only (a window navigated
 * elsewhere never gets it), then its setup over that port; answers its renewal requests, and pins
 * the key it sends for the agent's other tabs.
 */
function link(agent: AgentId, target: Window, courier: WindowCourier): void {
  const { port1, port2 } = new MessageChannel();
  const send = (message: TabMessage): void => port1.postMessage(message);
  port1.onmessage = (event: MessageEvent<unknown>) => {
    let message: WindowMessage;
    try {
      message = parseWindowMessage(event.data);
    } catch (error) {
      log('warn', 'PHONE-WINDOW', `dropped a message from the phone window: ${describeError(error)}`);
      return;
    }
    if (message.kind === 'pin') return pinWindowKey(agent, message.publicKey);
    const { id } = message;
    courier.renew().then(
      (credentials) => send({ kind: 'renewed', id, credentials }),
      (error: unknown) => send({ kind: 'renew-failed', id, reason: describeError(error) }),
    );
  };
  courier.setup().then(
    (setup) => {
      target.postMessage({ kind: LINK }, window.location.origin, [port2]);
      send({ kind: 'setup', setup });
    },
    (error: unknown) => log('warn', 'PHONE-WINDOW', `could not hand the phone window its setup: ${describeError(error)}`),
  );
}

/**
 * Opens the phone window; call it from the agent's click (browsers open a window only on a user
 * gesture). Links once the window greets this tab from the shell's origin. False when the browser
 * refused to open it (a blocked pop-up).
 */
export function openPhoneWindow(agent: AgentId, courier: WindowCourier): boolean {
  const opened = window.open(phoneWindowUrl(), phoneWindowName(agent), FEATURES);
  if (!opened) return false;
  try {
    sessionStorage.setItem(OPENED_HERE, agent);
  } catch {
    // Without session storage, a reload of this tab does not link again; the window says so.
  }
  const onHello = (event: MessageEvent<unknown>): void => {
    if (event.source !== opened || !isLinkEvent(event, HELLO)) return;
    window.removeEventListener('message', onHello);
    link(agent, opened, courier);
  };
  window.addEventListener('message', onHello);
  return true;
}

/**
 * After this tab reloaded: links the phone window it opened before again, so the window renews
 * its credentials through this tab. Browsers find a named window without a gesture only where it
 * exists (this tab's own windows); elsewhere nothing happens.
 */
export function relinkPhoneWindow(agent: AgentId, courier: WindowCourier): void {
  let openedHere = false;
  try {
    openedHere = sessionStorage.getItem(OPENED_HERE) === agent;
  } catch {
    return;
  }
  if (!openedHere) return;
  const found = window.open('', phoneWindowName(agent));
  if (!found) return;
  let fresh = false;
  try {
    // A window this call just created (popups allowed, the old one gone) is a blank one of ours.
    fresh = found.location.href === 'about:blank';
  } catch {
    // Another origin's document: not our phone window.
    return;
  }
  if (fresh) {
    found.close();
    return;
  }
  link(agent, found, courier);
}
