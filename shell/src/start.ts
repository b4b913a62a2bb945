import { loadStandaloneConfig } from './config/standalone.js';
import { ShellConfigError, type ShellConfig } from './config/shell-config.js';
import { log } from './log.js';
import { showErrorPanel } from './ui/error-panel.js';
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
  let config: ShellConfig;
  let manifest: DeployManifest;
  try {
    config = await loadStandaloneConfig(window.location);
    manifest = await fetchManifest(config.widgetManifestUrl);
  } catch (error) {
    log('error', 'SHELL-CONFIG', problemsOf(error).join('; '));
    showErrorPanel(main, 'The softphone could not start', problemsOf(error));
    document.documentElement.dataset['shell'] = 'failed';
    return;
  }
  const outcomes = await composeWidgets({
    enabled: config.enabledWidgets,
    manifest,
    container: main,
    timeoutMs: config.widgetTimeoutMs,
    onMounted: (element) => element.setAttribute('agent-id', config.agentId),
  });
  performance.mark('patchbay:widgets-settled');
  document.documentElement.dataset['shell'] = 'ready';
  log('info', 'SHELL-READY', outcomes.map((o) => `${o.id}:${o.ok ? 'ready' : 'failed'}`).join(' '));
}

const main = document.querySelector<HTMLElement>('main.pb-widgets');
if (main) void start(main);
