import type { Bus } from '@patchbay/bus';
import type { AgentCredentials, DialingPlan } from '@patchbay/opencti';
import type { LoggedCall } from '../calls/call-journal.js';
import type { ShellConfig } from '../config/shell-config.js';
import type { CredentialCache } from './credential-cache.js';

/**
 * Where the shell runs: inside Salesforce (Open CTI) or on its own. The widgets never see the
 * host; the shell asks it for its config and the agent's credentials.
 */
export interface ShellHost {
  readonly config: ShellConfig;
  /**
   * The agent's short-lived bus, gateway and SIP credentials, renewed as they near expiry; null
   * where no server needs them. Ask again each time they are used, rather than keeping them.
   */
  credentials(): Promise<AgentCredentials | null>;
  /** The cache behind `credentials`, for the loop that renews them when due; null where none are needed. */
  readonly renewal: CredentialCache | null;
  /**
   * What the phone dials for a number the agent gave (typed, clicked, a transfer target): inside
   * Salesforce with the call center's dialing prefixes; throws when it cannot be dialled.
   */
  dialString(dialled: string): string;
  /** The dialing rules behind `dialString`, handed to the phone window; null where there are none. */
  readonly dialingPlan: DialingPlan | null;
  /**
   * Connects what the host does with calls to the bus (inside Salesforce: click-to-dial, screen
   * pops, the panel), and says how a wrapped-up call is filed with the host (a Task).
   * `ownsPhone` says whether this tab runs the agent's phone (it may take it over later).
   */
  attach(bus: Bus, notices: HTMLElement, ownsPhone: () => boolean): HostCalls;
}

export interface HostCalls {
  /** Resolves with the record the host filed the call as (a Task's id), or null where it files none. */
  fileCall(logged: LoggedCall): Promise<string | null>;
  /** Told whether the agent's phone can place calls (Salesforce's click-to-dial follows it). */
  phoneReady(ready: boolean): void;
}
