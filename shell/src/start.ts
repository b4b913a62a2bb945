import type { Bus } from '@patchbay/bus';
import { openBus } from './bus/open-bus.js';
import { ShellConfigError } from './config/shell-config.js';
import { connectStandaloneHost } from './host/standalone.js';
import type { ShellHost } from './host/host.js';
import { log } from './log.js';
import { showErrorPanel } from './ui/error-panel.js';
import { setHealth } from './ui/status-bar.js';
import { DeployManifestError, parseDeployManifest, type DeployManifest } from './widgets/deploy-manifest.js';
import { composeWidgets } from './widgets/compose.js';

async function fetchManifest(url: string): Promise<DeployManifest> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`could not read the widget deploy manifest at ${url}: HTTP ${response.status}`);
  return parseDeployManifest(await response.json());
}

function problemsOf(error: unknown): string[] {
  if (error instanceof ShellConfigError || error instanceof DeployManifestError) return [...error.problems];
  return [error instanceof Error ? error.message : String(error)];
}

async function start(main: HTMLElement): Promise<void> {
  let host: ShellHost;
  let manifest: DeployManifest;
  try {
    host = await connectStandaloneHost(window.location);
    manifest = await fetchManifest(host.config.widgetManifestUrl);
  } catch (error) {
    log('error', 'SHELL-CONFIG', problemsOf(error).join('; '));
    showErrorPanel(main, 'The softphone could not start', problemsOf(error));
    document.documentElement.dataset['shell'] = 'failed';
    return;
  }
  const { config } = host;
  // Widgets mount while the bus connects (it may wait for a server that is down); each gets the
  // bus when it is there.
  const bus: Promise<Bus> = host.credentials().then((credentials) => openBus(config, credentials));
  bus.catch((error: unknown) => {
    log('error', 'BUS-START', problemsOf(error).join('; '));
    setHealth('bus', 'down', 'Bus unavailable');
  });
  const outcomes = await composeWidgets({
    enabled: config.enabledWidgets,
    manifest,
    container: main,
    timeoutMs: config.widgetTimeoutMs,
    // Widgets get the page's bus as a property; they never reach into the shell.
    onMounted: (element) => {
      Object.assign(element, { displayName: config.displayName });
      bus.then((ready) => Object.assign(element, { bus: ready }), () => undefined);
    },
  });
  performance.mark('patchbay:widgets-settled');
  document.documentElement.dataset['shell'] = 'ready';
  log('info', 'SHELL-READY', outcomes.map((o) => `${o.id}:${o.ok ? 'ready' : 'failed'}`).join(' '));
}

const main = document.querySelector<HTMLElement>('main.pb-widgets');
if (main) void start(main);
