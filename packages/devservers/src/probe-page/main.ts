/**
 * The probe: a minimal adapter page that loads @patchbay/opencti the way the shell does and shows
 * what Salesforce (or the simulator) tells it. Tests drive it through `window.probe`; a developer can
 * open it in the simulator to check an org's Open CTI without the whole softphone.
 */
import * as opencti from '@patchbay/opencti';

declare global {
  interface Window {
    PROBE_ALLOWED_ORIGINS?: string[];
    probe: Probe;
  }
}

export interface Probe {
  ready: boolean;
  error: { name: string; code: string | undefined; message: string } | null;
  cti: opencti.OpenCti | null;
  clicks: opencti.ClickToDialEvent[];
  navigations: opencti.PageInfo[];
  settings: Record<string, string> | null;
  session: opencti.SalesforceSession<opencti.AgentAssertion> | null;
  /** Click-to-dial numbers after the call center's dialing prefixes. */
  dials: string[];
  lib: typeof opencti;
}

const probe: Probe = { ready: false, error: null, cti: null, clicks: [], navigations: [], settings: null, session: null, dials: [], lib: opencti };
window.probe = probe;

const status = document.getElementById('status')!;

async function start(): Promise<void> {
  const session = await opencti.startSalesforceSession(window.location, { allowedOrigins: window.PROBE_ALLOWED_ORIGINS ?? [], timeoutMs: 5000, signIn: opencti.fetchAgentAssertion });
  const { cti } = session;
  await session.initialized;
  probe.session = session;
  probe.cti = cti;
  cti.onClickToDial((event) => probe.clicks.push(event));
  opencti.onClickToDialDigits(
    session,
    (dial) => probe.dials.push(dial.digits),
    (error) => probe.dials.push(`invalid: ${error.message}`),
  );
  cti.onNavigationChange((page) => probe.navigations.push(page));
  probe.settings = await cti.getCallCenterSettings();
  await cti.enableClickToDial();
  probe.ready = true;
  status.textContent = `Open CTI ${cti.api} ready`;
}

start().catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  probe.error = { name: e.name, code: (e as { code?: string }).code, message: e.message };
  status.textContent = `${e.name}: ${e.message}`;
});
