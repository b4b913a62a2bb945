import { agentId } from '@patchbay/contract';
import { fetchAgentCredentials, startSalesforceSession, toDialString, type PatchbayConfig } from '@patchbay/opencti';
import { bridgeSalesforce } from '../salesforce/bridge.js';
import { SHELL_DEFAULTS } from '../config/defaults.js';
import { credentialCache } from './credential-cache.js';
import { trustedOpenCtiOrigins } from './open-cti-ahead.js';
import type { ShellHost } from './host.js';
import { describeError, log } from '../log.js';

/**
 * The shell inside Salesforce: Open CTI from the framing origin (refused unless it is Salesforce's
 * or one the deployment allows), config from the call center settings, credentials from Apex.
 * `onSettings` hears the call center settings once they are read, before the sign-in ends.
 */
export async function connectSalesforceHost(location: Location, onSettings: (settings: PatchbayConfig) => void): Promise<ShellHost> {
  const session = await startSalesforceSession(location, {
    allowedOrigins: await trustedOpenCtiOrigins(location),
    signIn: fetchAgentCredentials,
    onSettings,
  });
  const { config, credentials } = session;
  // The softphone works without it; Salesforce may keep its loading view over the panel meanwhile.
  session.initialized.catch((error: unknown) => log('error', 'SALESFORCE-INIT', `Salesforce did not take notifyInitializationComplete: ${describeError(error)}`));
  // The session's credentials first, then Apex again whenever they near their expiry.
  const current = credentialCache(() => fetchAgentCredentials(session.cti), { initial: credentials });
  return {
    config: {
      agentId: agentId(credentials.agentId),
      displayName: credentials.agentId,
      enabledWidgets: [...config.enabledWidgets],
      widgetManifestUrl: config.widgetManifestUrl,
      busUrls: config.busUrls,
      gatewayUrls: config.gatewayUrls,
      widgetTimeoutMs: SHELL_DEFAULTS.widgetTimeoutMs,
    },
    credentials: current,
    renewal: current,
    dialString: (dialled) => toDialString(dialled, config.dialing).digits,
    dialingPlan: config.dialing,
    attach: (bus, notices, ownsPhone) => bridgeSalesforce(session, bus, notices, ownsPhone),
  };
}
