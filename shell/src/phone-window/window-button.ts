import { subjects, type AgentId } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { phoneWindowOpen } from './window-query.js';
import { dismissNotice, showNotice } from '../ui/notice.js';
import { openPhoneWindow, relinkPhoneWindow, type WindowCourier } from './open-window.js';

const CHOICE_PREFIX = 'patchbay.phone-window:';
const PROMPT = 'phone-window-prompt';
const BLOCKED = 'phone-window-blocked';

function remember(agent: AgentId, on: boolean): void {
  try {
    if (on) localStorage.setItem(CHOICE_PREFIX + agent, 'on');
    else localStorage.removeItem(CHOICE_PREFIX + agent);
  } catch {
    // Without storage the choice is not remembered; the button still works.
  }
}

function chosen(agent: AgentId): boolean {
  try {
    return localStorage.getItem(CHOICE_PREFIX + agent) === 'on';
  } catch {
    return false;
  }
}

/**
 * The softphone's "Open phone window" button in a Salesforce tab, and the agent's choice of it,
 * remembered per agent: the next load offers the window with one click (a browser opens a window
 * only on the agent's gesture), and a reload of the tab that opened it links it again. A window
 * the browser refuses is explained, with what to change.
 */
export function mountPhoneWindowButton(button: HTMLButtonElement, notices: HTMLElement, bus: Bus, courier: WindowCourier): void {
  const agent = bus.agentId;
  const open = (): void => {
    dismissNotice(notices, PROMPT);
    if (!openPhoneWindow(agent, courier)) {
      showNotice(
        notices,
        'The browser blocked the phone window. Allow pop-ups for this Salesforce site (the blocked pop-up icon at the right of the address bar, or the browser\'s site settings → Pop-ups and redirects → Allow), then click "Open phone window" again.',
        { key: BLOCKED },
      );
      return;
    }
    dismissNotice(notices, BLOCKED);
    remember(agent, true);
    button.hidden = true;
  };
  button.addEventListener('click', open);
  const shown = (windowOpen: boolean): void => {
    button.hidden = windowOpen;
    if (windowOpen) dismissNotice(notices, PROMPT);
  };
  bus.subscribe(subjects.phoneWindow(agent), ({ open: windowOpen }) => {
    // The agent closed the window: the phone is back in a tab, and the next load keeps it there.
    if (!windowOpen) remember(agent, false);
    shown(windowOpen);
  });
  void phoneWindowOpen(bus).then((windowOpen) => {
    shown(windowOpen);
    if (windowOpen) relinkPhoneWindow(agent, courier);
    else if (chosen(agent)) showNotice(notices, 'Your phone runs in a window of its own.', { key: PROMPT, action: 'Open phone window', onAction: open });
  });
}
