import { openNatsAhead, openBus as openPageBus, type Bus, type BusStatus } from '@patchbay/bus';
import type { AgentCredentials } from '@patchbay/opencti';
import type { ShellConfig } from '../config/shell-config.js';
import { log } from '../log.js';
import { setHealth, type Health } from '../ui/status-bar.js';
import type { CredentialCache } from '../host/credential-cache.js';

const HEALTH: Record<BusStatus, [Health, string]> = {
  connected: ['ok', 'Bus connected'],
  reconnecting: ['warn', 'Bus reconnecting…'],
  disconnected: ['down', 'Bus disconnected'],
};

/** Opens the WebSocket to the bus while the agent signs in (openBus then takes it); nothing without bus URLs. */
export function openBusAhead(busUrls: readonly string[]): void {
  if (busUrls.length > 0) openNatsAhead(busUrls);
}

/**
 * The page's one bus: NATS when the call center names bus URLs, else the in-page bus (a widget
 * developed alone). Its health shows in the status bar for as long as the page lives. Every
 * reconnect presents the newest bus JWT: each renewal of the credentials, whenever it happens,
 * hands the bus the new one, and losing the connection asks for them (fetched again only when
 * due); a reconnect refused meanwhile is retried, with the renewed JWT once there is one.
 */
export async function openBus(config: ShellConfig, credentials: AgentCredentials | null, renewals: CredentialCache | null): Promise<Bus> {
  const nats = config.busUrls.length > 0;
  let token = credentials?.bus.jwt ?? '';
  if (nats) {
    if (!credentials) throw new Error('a bus URL is configured but no bus credentials were provided');
    setHealth('bus', 'warn', 'Bus connecting…');
  }
  const bus = await openPageBus({
    agentId: config.agentId,
    logger: { warn: (message) => log('warn', 'BUS', message) },
    ...(nats && credentials ? { nats: { servers: config.busUrls, jwt: () => token } } : {}),
  });
  renewals?.onRenewed((fresh) => (token = fresh.bus.jwt));
  const renewToken = (): void =>
    void renewals?.().then(
      (fresh) => {
        if (fresh) token = fresh.bus.jwt;
      },
      (error: unknown) => log('warn', 'BUS-CREDENTIALS', String(error)),
    );
  const show = (status: BusStatus): void => {
    const [health, label] = HEALTH[status];
    setHealth('bus', health, nats ? label : 'In-page bus');
    log(status === 'connected' ? 'info' : 'warn', 'BUS-STATUS', status);
  };
  performance.mark('patchbay:bus-connected');
  show(bus.status);
  bus.onStatus(show);
  if (nats) {
    bus.onStatus((status) => {
      if (status === 'reconnecting') renewToken();
    });
  }
  bus.onError((error) => log('error', error.name, error.message));
  return bus;
}
