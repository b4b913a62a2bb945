import { startJanus, type RunningJanus } from './janus.js';
import { startKamailio, type RunningKamailio } from './kamailio.js';
import { labToneHz, startCustomerPhone, type CustomerPhone } from './baresip.js';

/**
 * The agent's SIP identity at the lab registrar, as the phone's SipAccount wants it. Its
 * credentials are minted on demand: `registrar.credentials(user, ttlSeconds)`.
 */
export interface LabAgent {
  user: string;
  /** `sip:<user>@<registrar domain>`. */
  username: string;
  proxy: string;
}

export interface CallLab {
  readonly janus: RunningJanus;
  readonly registrar: RunningKamailio;
  readonly customer: CustomerPhone;
  /** More customer phones by user name (transfer targets), from `extraCustomers`; each sends its own tone (labToneHz). */
  readonly others: Readonly<Record<string, CustomerPhone>>;
  readonly agent: LabAgent;
  /** The registrar's SIP domain, for building `sip:<number>@<domain>`. */
  readonly domain: string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Janus + kamailio + the baresip customer, wired together for one agent; all on free ports. No
 * user is provisioned anywhere: the registrar verifies whatever credentials its secret signed.
 */
export async function startCallLab({ agentUser = 'agent1', extraCustomers = [] as string[] } = {}): Promise<CallLab> {
  const registrar = await startKamailio();
  const started: Array<{ stop(): Promise<void> }> = [registrar];
  const stop = async (): Promise<void> => {
    for (const server of started.reverse()) await server.stop();
  };
  try {
    const janus = await startJanus();
    started.push(janus);
    const customer = await startCustomerPhone({ registrar });
    started.push(customer);
    const others: Record<string, CustomerPhone> = {};
    for (const [index, user] of extraCustomers.entries()) {
      others[user] = await startCustomerPhone({ registrar, user, toneHz: labToneHz(index + 1) });
      started.push(others[user]);
    }
    return {
      janus,
      registrar,
      customer,
      others,
      agent: { user: agentUser, username: registrar.uri(agentUser), proxy: registrar.proxy },
      domain: registrar.domain,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
