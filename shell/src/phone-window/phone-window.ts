import { isCallActive, subjects, type AgentId } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { toDialString, type AgentCredentials } from '@patchbay/opencti';
import { openBus } from '../bus/open-bus.js';
import { SHELL_DEFAULTS } from '../config/defaults.js';
import { credentialCache } from '../host/credential-cache.js';
import { describeError, log } from '../log.js';
import { pageAudio } from '../phone/page-audio.js';
import { AgentStatus } from '../presence/agent-status.js';
import { keepPresence } from '../presence/keep-presence.js';
import { runWindowPhone } from '../phone/run-phone.js';
import { showErrorPanel } from '../ui/error-panel.js';
import { showNotice } from '../ui/notice.js';
import { renewCredentials } from '../ui/renewal-notice.js';
import { setHealth } from '../ui/status-bar.js';
import { windowKey } from './sealed-credentials.js';
import { LinkedTabGoneError, linkToTab } from './tab-link.js';
import { takePhoneOver } from './take-phone-over.js';
import { renewThroughAnyTab } from './window-renewal.js';

function paragraph(main: HTMLElement): (text: string) => void {
  const line = document.createElement('p');
  line.className = 'pb-phone-window';
  main.append(line);
  return (text) => (line.textContent = text);
}

/**
 * The shell's page as the phone window: the agent's phone runs here, away from Salesforce's page,
 * so reloading or closing a Salesforce tab leaves calls alone. It has no Open CTI and no widgets:
 * the Salesforce tabs mirror and drive the phone over the bus and do the Open CTI work, and the
 * tab that opened it hands it its setup and renewed credentials over a MessagePort.
 */
export async function startPhoneWindow(main: HTMLElement, notices: HTMLElement): Promise<void> {
  document.documentElement.dataset['mode'] = 'phone-window';
  document.title = 'Patchbay phone';
  const say = paragraph(main);
  say('Waiting for the Salesforce tab…');
  let agent: AgentId;
  let bus: Bus;
  try {
    const key = await windowKey();
    const tab = await linkToTab(key.publicKey);
    const { setup } = tab;
    agent = setup.agentId;
    // Through the linked tab while it lives; once it is gone, through any of the agent's Salesforce tabs (over the bus, once it is up).
    let tabsBus: Bus | null = null;
    const renew = (): Promise<AgentCredentials> =>
      tab.renew().catch((error: unknown) => {
        if (!(error instanceof LinkedTabGoneError) || !tabsBus) throw error;
        log('info', 'PHONE-WINDOW', `${error.message}: renewing through the agent's other Salesforce tabs`);
        return renewThroughAnyTab(tabsBus, key, setup.credentials);
      });
    const cache = credentialCache(renew, { initial: setup.credentials });
    renewCredentials(cache, notices);
    bus = await openBus(
      {
        agentId: agent,
        displayName: setup.displayName,
        enabledWidgets: [],
        widgetManifestUrl: '',
        busUrls: setup.busUrls,
        gatewayUrls: setup.gatewayUrls,
        widgetTimeoutMs: SHELL_DEFAULTS.widgetTimeoutMs,
      },
      setup.credentials,
      cache,
    );
    tabsBus = bus;
    // Answered from before the handover: a tab that takes the agent's Web Lock meanwhile watches this window instead of starting a phone.
    const since = Date.now();
    bus.reply(subjects.phoneWindowQuery(agent), () => ({ open: true, at: since }));
    say('Taking the phone over from the Salesforce tab…');
    await takePhoneOver(bus, say);
    const audio = pageAudio(notices);
    // Presence is kept where the phone runs: it follows the call, and turns callers away while the agent is away.
    const agentStatus = new AgentStatus('available');
    const stopPresence = keepPresence(bus, setup.displayName, agentStatus);
    const phone = runWindowPhone(
      {
        gatewayUrls: setup.gatewayUrls,
        credentials: setup.credentials,
        currentCredentials: () => cache(),
        renewCredentials: () => cache.renew(),
        audio: audio.audio,
        ringTone: audio.ringTone,
        onAutoplayBlocked: audio.onAutoplayBlocked,
        onCommandFailed: (message) => showNotice(notices, message),
        onReadiness: () => undefined,
        dialString: (dialled) => (setup.dialing ? toDialString(dialled, setup.dialing).digits : dialled),
        turnAway: () => agentStatus.turnAwayReason,
      },
      bus,
    );
    cache.onRenewed(() => phone.credentialsRenewed());
    audio.mountSettings(() => phone);
    say(`Your calls live in this window: keep it open. Your Salesforce tabs show and drive the phone, and you can reload them during a call.`);
    void bus.publish(subjects.phoneWindow(agent), { open: true, at: Date.now() }).catch((error: unknown) => log('warn', 'PHONE-WINDOW', describeError(error)));
    // With a call up, the browser asks before the window closes (browsers show this only after the agent interacted with the window).
    window.addEventListener('beforeunload', (event) => {
      if (isCallActive(phone.snapshot.status)) event.preventDefault();
    });
    // The tab that holds the phone takes it back, presence with it: this window writes none after
    // its goodbye. The tab also notices when the goodbye is lost.
    window.addEventListener('pagehide', () => {
      void stopPresence();
      void bus.publish(subjects.phoneWindow(agent), { open: false, at: Date.now() }).catch(() => undefined);
    });
    document.documentElement.dataset['shell'] = 'ready';
  } catch (error) {
    log('error', 'PHONE-WINDOW', describeError(error));
    setHealth('phone', 'down', 'No phone');
    showErrorPanel(main, 'The phone window could not start', [describeError(error)]);
    document.documentElement.dataset['shell'] = 'failed';
  }
}
