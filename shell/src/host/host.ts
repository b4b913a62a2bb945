import type { AgentCredentials } from '@patchbay/opencti';
import type { ShellConfig } from '../config/shell-config.js';

/**
 * Where the shell runs: inside Salesforce (Open CTI) or on its own. The widgets never see the
 * host; the shell asks it for its config and the agent's credentials.
 */
export interface ShellHost {
  readonly kind: 'salesforce' | 'standalone';
  readonly config: ShellConfig;
  /** The agent's short-lived bus and SIP credentials; null where no server needs them. */
  credentials(): Promise<AgentCredentials | null>;
}
