import { busView, type Bus } from '@patchbay/bus';
import { subjects } from '@patchbay/contract';
import { CallCenterSettingsError } from '@patchbay/opencti';
import { startCallJournal, type LoggedCall } from './calls/call-journal.js';
import { SHELL_DEFAULTS } from './config/defaults.js';
import { ShellConfigError } from './config/shell-config.js';
import type { ShellHost } from './host/host.js';
import { isFramedBySalesforce } from './host/framing.js';
import { connectStandaloneHost } from './host/standalone.js';
import { describeError, log } from './log.js';
import { showNotice } from './ui/notice.js';
import { renewCredentials } from './ui/renewal-notice.js';
import { pageAudio } from './phone/page-audio.js';
import { mountPhoneWindowButton } from './phone-window/window-button.js';
import { PHONE_WINDOW_PARAM } from './phone-window/open-window.js';
import { showErrorPanel } from './ui/error-panel.js';
import { setHealth } from './ui/status-bar.js';
import { mountStatusPicker } from './ui/status-picker.js';
import { announceCalls } from './ui/call-announcer.js';
import { mountHotkeysPanel } from './ui/hotkeys-panel.js';
import { listenForHotkeys } from './hotkeys/hotkeys.js';
import { AgentStatus } from './presence/agent-status.js';
import { keepPresence, type StopPresence } from './presence/keep-presence.js';
import { DeployManifestError, parseDeployManifest, type DeployManifest } from './widgets/deploy-manifest.js';
import { composeWidgets } from './widgets/compose.js';
import { preloadWidgets } from './widgets/preload-widgets.js';
import { guardedBus, type GuardedBus } from './widgets/guarded-bus.js';

async function fetchManifest(url: string): Promise<DeployManifest> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`could not read the widget deploy manifest at ${url}: HTTP ${response.status}`);
  return parseDeployManifest(await response.json());
}

/** The manifest, with each listed widget's code asked for at once: it downloads while the rest starts. */
async function fetchManifestAndPreload(url: string, enabled: readonly string[]): Promise<DeployManifest> {
  const manifest = await fetchManifest(url);
  for (const warning of manifest.warnings) log('warn', 'WIDGET-PRELOAD', warning);
  preloadWidgets(enabled, manifest);
  return manifest;
}

function problemsOf(error: unknown): string[] {
  if (error instanceof ShellConfigError || error instanceof DeployManifestError) return [...error.problems];
  if (error instanceof CallCenterSettingsError) return error.problems.map(({ key, problem }) => `${key}: ${problem}`);
  return [describeError(error)];
}

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the shell page has no ${selector}`);
  return found;
}

/** The gateway client's code, asked for as soon as the shell knows a gateway is configured. */
type PhoneCode = Promise<typeof import('./phone/run-phone.js')>;

/**
 * The gateway client's code (janus-gateway, preloaded with the page), run only where a gateway is
 * configured: it opens a WebSocket to the first gateway at once, and the gateway's session on it
 * as soon as the agent is signed in (the session's first request carries the agent's token).
 */
function loadPhoneCode(gatewayUrls: readonly string[]): PhoneCode | null {
  const [first] = gatewayUrls;
  if (first === undefined) return null;
  return early(
    import(/* webpackChunkName: "gateway-client" */ './phone/run-phone.js').then((code) => {
      code.openGatewayAhead(first);
      return code;
    }),
  );
}

/**
 * Started at once and awaited later: a failure is reported where it is awaited, and not also as an
 * unhandled rejection when the page stops before that (a manifest it cannot read).
 */
function early<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}

/**
 * Runs the phone, the call journal and (inside Salesforce) the Open CTI bridge. The phone starts
 * while the bus connects (its gateway session opens meanwhile); the rest waits for the bus.
 * Only the tab that holds the agent's phone (running it, or watching the phone window that runs
 * it) keeps the journal, so a call is logged once per agent; presence is kept where the phone runs.
 */
async function startServices(host: ShellHost, busReady: Promise<Bus>, phoneCode: PhoneCode | null, onPhoneRequestsSent: () => void): Promise<void> {
  const credentials = await host.credentials();
  const notices = element('.pb-notices');
  let phoneHere = false;
  const attached = early(busReady.then((bus) => host.attach(bus, notices, () => phoneHere)));
  const fileCall = (logged: LoggedCall): Promise<string | null> => attached.then((calls) => calls.fileCall(logged));
  const { config, renewal } = host;
  const { gatewayUrls, displayName } = config;
  const agentStatus = new AgentStatus('available');
  if (!phoneCode || !credentials) {
    onPhoneRequestsSent();
    setHealth('phone', 'down', 'No phone gateway configured');
    // No phone to follow: the agent's choice is all there is to store.
    busReady.then(
      (bus) => keepPresence(bus, displayName, agentStatus),
      () => undefined, // said where the bus failed
    );
    return;
  }
  const audio = pageAudio(notices);
  const { runPhone } = await phoneCode;
  let stopJournal: (() => void) | null = null;
  let stopPresence: StopPresence | null = null;
  const phone = await runPhone(
    {
      gatewayUrls,
      credentials,
      currentCredentials: () => host.credentials(),
      renewCredentials: () => (renewal ? renewal.renew() : host.credentials()),
      audio: audio.audio,
      ringTone: audio.ringTone,
      onAutoplayBlocked: audio.onAutoplayBlocked,
      onCommandFailed: (message) => showNotice(notices, message),
      // Told in order, once the host is attached to the bus (the phone may be ready before).
      onReadiness: (ready) => void attached.then(({ phoneReady }) => phoneReady(ready)),
      dialString: (dialled) => host.dialString(dialled),
      turnAway: () => agentStatus.turnAwayReason,
    },
    busReady,
    {
      onHolding: (holding, bus) => {
        phoneHere = holding;
        if (holding) stopJournal ??= startCallJournal(bus, fileCall);
        else {
          stopJournal?.();
          stopJournal = null;
        }
      },
      onPreconnected: onPhoneRequestsSent,
      onRunning: (running, bus) => {
        if (running) stopPresence ??= keepPresence(bus, displayName, agentStatus);
        else {
          const stopping = stopPresence?.();
          stopPresence = null;
          return stopping;
        }
      },
    },
  );
  renewal?.onRenewed(() => phone()?.credentialsRenewed());
  audio.mountSettings(phone);
  mountPhoneWindowButton(element<HTMLButtonElement>('.pb-status button.phone-window'), notices, await busReady, {
    setup: async () => ({
      agentId: config.agentId,
      displayName,
      busUrls: config.busUrls,
      gatewayUrls,
      dialing: host.dialingPlan,
      credentials: (await host.credentials()) ?? credentials,
    }),
    renew: async () => (renewal ? renewal.renew() : credentials),
  });
}

/** The dialpad's element, which takes focus into its number field (delegatesFocus). */
function focusDialpad(): boolean {
  const dialpad = document.querySelector<HTMLElement>("[data-widget='dialpad'][data-state='ready'] > *");
  dialpad?.focus();
  return dialpad !== null;
}

/** What every tab of the agent has once the bus is up: call announcements and the hotkeys. */
function startAgentUi(bus: Bus): void {
  announceCalls(element('.pb-call-announcer'), bus);
  const bindings = mountHotkeysPanel(element<HTMLButtonElement>('.pb-status button.hotkeys'), element('.pb-hotkeys'), bus.agentId, window.localStorage);
  listenForHotkeys({ document, bindings, bus, focusDialpad });
}

async function start(main: HTMLElement): Promise<void> {
  // The bus client's code loads while the agent signs in: it needs nothing from the sign-in.
  // It loads before any widget, so widgets share the shell's copy (a federation singleton of the
  // same version goes to whichever container loaded it first).
  const busCode = early(import(/* webpackChunkName: "bus-client" */ './bus/open-bus.js'));
  let host: ShellHost;
  let manifest: DeployManifest;
  // Asked for as soon as the call center settings name them, while the agent signs in (and the
  // WebSockets to the bus and the gateway opened).
  let manifestEarly: Promise<DeployManifest> | null = null;
  let phoneCode: PhoneCode | null = null;
  try {
    // Open CTI loads only inside Salesforce.
    host = isFramedBySalesforce(window.location)
      ? await (await import(/* webpackChunkName: "salesforce-host" */ './host/salesforce.js')).connectSalesforceHost(window.location, (settings) => {
          performance.mark('patchbay:settings-read');
          manifestEarly = early(fetchManifestAndPreload(settings.widgetManifestUrl, settings.enabledWidgets));
          phoneCode = loadPhoneCode(settings.gatewayUrls);
          busCode.then(
            ({ openBusAhead }) => openBusAhead(settings.busUrls),
            () => undefined,
          );
        })
      : await connectStandaloneHost(window.location);
    performance.mark('patchbay:signed-in');
    manifest = await (manifestEarly ?? fetchManifestAndPreload(host.config.widgetManifestUrl, host.config.enabledWidgets));
  } catch (error) {
    log('error', 'SHELL-CONFIG', problemsOf(error).join('; '));
    showErrorPanel(main, 'The softphone could not start', problemsOf(error));
    document.documentElement.dataset['shell'] = 'failed';
    return;
  }
  const { config } = host;
  phoneCode ??= loadPhoneCode(config.gatewayUrls);
  // Widgets mount while the bus connects (it may wait for a server that is down); each gets the
  // bus when it is there.
  const { openBus } = await busCode;
  const bus: Promise<Bus> = host.credentials().then((credentials) => openBus(config, credentials, host.renewal));
  if (host.renewal) renewCredentials(host.renewal, element('.pb-notices'));
  mountStatusPicker(element<HTMLSelectElement>('.pb-status select.own-status'), bus);
  bus.then(
    (ready) => startAgentUi(ready),
    () => undefined,
  );
  bus.catch((error: unknown) => {
    log('error', 'BUS-START', problemsOf(error).join('; '));
    setHealth('bus', 'down', 'Bus unavailable');
  });
  let phoneRequestsSent: () => void = () => undefined;
  const phoneFirst = new Promise<void>((resolve) => {
    phoneRequestsSent = resolve;
    setTimeout(resolve, SHELL_DEFAULTS.widgetsAfterPhoneMaxMs);
  });
  startServices(host, bus, phoneCode, phoneRequestsSent).catch((error: unknown) => {
    // The phone's start-up failed before it could say so itself (its code did not load, the bus did not open).
    log('error', 'SHELL-SERVICES', problemsOf(error).join('; '));
    setHealth('phone', 'down', 'Phone unavailable');
    showNotice(element('.pb-notices'), `The phone could not start: ${problemsOf(error).join('; ')}`);
  });
  // The widgets' code runs once the phone's first gateway requests are out (150 ms at most): run
  // meanwhile, it held each of Janus's answers up 15–30 ms on the one main thread, and the
  // widgets mounted no later for waiting (the widgets benchmark, both ways).
  await phoneFirst;
  const outcomes = await composeWidgets({
    enabled: config.enabledWidgets,
    manifest,
    readManifest: () => fetchManifest(config.widgetManifestUrl),
    container: main,
    timeoutMs: config.widgetTimeoutMs,
    // Widgets get a view of the page's bus as a property: the Bus interface, without the token
    // and connection behind it. They never reach into the shell.
    onMounted: (widget, id, onFault) => {
      Object.assign(widget, { displayName: config.displayName });
      let guarded: GuardedBus | null = null;
      let takenBack = false;
      bus.then(
        (ready) => {
          if (takenBack) return;
          guarded = guardedBus(busView(ready), id, onFault);
          Object.assign(widget, { bus: guarded.bus });
        },
        () => undefined,
      );
      return () => {
        takenBack = true;
        void guarded?.close();
      };
    },
    // The admin's list names something the shell cannot mount: said where the admin and agent look.
    onUnusable: (problem) => {
      log('warn', 'WIDGET-SETTING', problem);
      showNotice(element('.pb-notices'), `Widget setting: ${problem}`);
    },
    // Widget health on the bus, so an operator's tools (and other tabs) see what failed where.
    onOutcome: ({ id, version, ok, detail }) => {
      bus
        .then((ready) =>
          ready.publish(subjects.widgetHealth(ready.agentId), {
            widget: id,
            version: version ?? 'none',
            status: ok ? 'ok' : 'failed',
            ...(detail ? { detail: detail.slice(0, 512) } : {}),
            at: Date.now(),
          }),
        )
        .catch((error: unknown) => log('warn', 'WIDGET-HEALTH', problemsOf(error).join('; ')));
    },
  });
  performance.mark('patchbay:widgets-settled');
  document.documentElement.dataset['shell'] = 'ready';
  log('info', 'SHELL-READY', outcomes.map((o) => `${o.id}:${o.ok ? 'ready' : 'failed'}`).join(' '));
}

// The phone window's code loads only in the phone window.
if (new URLSearchParams(window.location.search).has(PHONE_WINDOW_PARAM)) {
  void import(/* webpackChunkName: "phone-window" */ './phone-window/phone-window.js').then(({ startPhoneWindow }) => startPhoneWindow(element('main.pb-widgets'), element('.pb-notices')));
} else {
  void start(element('main.pb-widgets'));
}
