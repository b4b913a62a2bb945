import type { BackoffOptions } from '@patchbay/bus';

/** The shell's timings and retry policies, in one place. */
export const SHELL_DEFAULTS = {
  /** How long a widget may take to load before it gets a fallback tile (the config's widgetTimeoutMs). */
  widgetTimeoutMs: 5000,
  /** How long widgets wait for the phone's first gateway requests to go out (see start.ts). */
  widgetsAfterPhoneMaxMs: 150,
  /** Between tries to start the phone while the gateway cannot be reached. */
  phoneStartBackoff: { initialMs: 1000, maxMs: 15_000, jitter: 0.3 } satisfies BackoffOptions,
  /** Between tries to renew the agent's credentials while the credentials service is down. */
  credentialRenewalBackoff: { initialMs: 2000, maxMs: 60_000, jitter: 0.3 } satisfies BackoffOptions,
  /** How often a tab that holds the agent's phone checks that the phone window running it is alive. */
  phoneWindowCheckMs: 3000,
  /** How long that check waits for the phone window's answer. */
  phoneWindowQueryTimeoutMs: 1500,
  /** How long the phone window waits for the tab that runs the phone to answer a handover request. */
  handoverTimeoutMs: 5000,
  /** Between handover requests while that tab's call goes on (or is slow to answer). */
  handoverRetryMs: 2000,
  /** How long the window waits for its linked tab to renew its credentials before it counts the tab gone. */
  tabRenewTimeoutMs: 10_000,
  /** How long the window, its linked tab gone, waits for another Salesforce tab to renew them over the bus. */
  anyTabRenewTimeoutMs: 15_000,
} as const;
