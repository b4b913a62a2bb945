import { startJanus, type RunningJanus } from './janus.js';
import { startKamailio, type RunningKamailio } from './kamailio.js';
import { labToneHz, startCustomerPhone, type CustomerPhone } from './baresip.js';
import { claimPortRange, type ClaimedPortRange } from './port-blocks.js';
import { LAB_RELAY_IP, startMediaRelay, type MediaRelay } from './media-relay.js';

/** The far end behind the lab's bad network: the reserved user "impaired", reached through the relay. */
export interface ImpairedFarEnd {
  readonly phone: CustomerPhone;
  /** Set its impairment; it counts what it forwarded and dropped each way. */
  readonly relay: MediaRelay;
}

/** An even port and the one above it (RTP and RTCP), in a block no other run holds. */
function rtpPair(): ClaimedPortRange {
  // Blocks start on even numbers.
  return claimPortRange(2);
}

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
  /** With `impairedNetwork`: the far end at the reserved user "impaired", behind the media relay. */
  readonly impaired: ImpairedFarEnd | null;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Janus + kamailio + the baresip customer, wired together for one agent; all on free ports. No
 * user is provisioned anywhere: the registrar verifies whatever credentials its secret signed.
 */
export async function startCallLab(options: CallLabOptions = {}): Promise<CallLab> {
  // The media port blocks keep Patchbay's runs apart (port-blocks.ts); a program outside Patchbay
  // may still hold a port in them when a server binds at start: start again on new blocks.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startCallLabOnce(options);
    } catch (error) {
      if (attempt >= 3 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
}

export interface CallLabOptions {
  agentUser?: string;
  extraCustomers?: string[];
  impairedNetwork?: boolean;
}

async function startCallLabOnce({ agentUser = 'agent1', extraCustomers = [], impairedNetwork = false }: CallLabOptions): Promise<CallLab> {
  const farEndRtp = rtpPair();
  const relayRtp = rtpPair();
  const releasePairs = async (): Promise<void> => {
    for (const range of [farEndRtp, relayRtp]) range.release();
  };
  const registrar = await startKamailio(impairedNetwork ? { impairedMedia: { farEndRtpPort: farEndRtp.min, relayRtpPort: relayRtp.min } } : {}).catch(async (error: unknown) => {
    await releasePairs();
    throw error;
  });
  const started: Array<{ stop(): Promise<void> }> = [{ stop: releasePairs }, registrar];
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
    let impaired: ImpairedFarEnd | null = null;
    if (impairedNetwork) {
      // Its tone differs from every other lab phone's.
      const phone = await startCustomerPhone({ registrar, user: 'impaired', toneHz: labToneHz(3), rtpPorts: farEndRtp });
      started.push(phone);
      const relay = await startMediaRelay({
        relayIp: LAB_RELAY_IP,
        targetIp: '127.0.0.1',
        agentPorts: janus.sipRtpPorts,
        farEnd: { ports: farEndRtp, relayFrom: relayRtp.min },
        seed: 1,
      });
      started.push({ stop: () => relay.close() });
      impaired = { phone, relay };
    }
    return {
      janus,
      registrar,
      customer,
      others,
      agent: { user: agentUser, username: registrar.uri(agentUser), proxy: registrar.proxy },
      domain: registrar.domain,
      impaired,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
