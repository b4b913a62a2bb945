import { createSocket, type Socket } from 'node:dgram';
import { impairmentSchedule, NO_IMPAIRMENT, type Impairment } from './impairment.js';

/**
 * The lab registrar tells both ends of a call with its reserved user "impaired" that the other's
 * media address is on this address (another loopback address), where the relay listens.
 */
export const LAB_RELAY_IP = '127.0.0.2';

export interface PortRange {
  min: number;
  max: number;
}

export interface MediaRelayOptions {
  /** Where the relay listens: the media address both ends are given instead of each other's. */
  relayIp: string;
  /** Where both ends really are. */
  targetIp: string;
  /**
   * The ports the agent's gateway (Janus's SIP plugin) takes RTP and RTCP on. Janus binds them on
   * `targetIp` only, so the relay listens on the same numbers at `relayIp`: the registrar
   * rewrites only the address in Janus's SDP.
   */
  agentPorts: PortRange;
  /**
   * The far end's RTP and RTCP ports (baresip binds them on every address, so the relay cannot
   * share them) and where the relay listens for them instead: the registrar rewrites both the
   * address and the port in the far end's SDP, `ports.min + n` becoming `relayFrom + n`.
   */
  farEnd: { ports: PortRange; relayFrom: number };
  /** Seeds the two directions' schedules (towards the far end: seed + 1). */
  seed: number;
  /** RTP clock rate of the calls' codec, for the jitter figure: 48000 for Opus (the lab's). */
  clockRate?: number;
}

/** RTP packets (RTCP is relayed and impaired alike, but not counted). */
export interface RelayCounts {
  forwarded: number;
  dropped: number;
  /**
   * RFC 3550 (section 6.4.1) interarrival jitter, ms, of the RTP packets the relay delivered, as
   * the receiver computes it (on loopback, what the relay sends is what arrives).
   */
  jitterMs: number;
}

/** RTP version 2 and not an RTCP packet type (200..204, which fill the marker bit and payload type). */
function isRtp(data: Buffer): boolean {
  return data.length >= 12 && data[0]! >> 6 === 2 && !(data[1]! >= 200 && data[1]! <= 204);
}

/** Updates `counts.jitterMs` for an RTP packet delivered now; restarts with each new SSRC (a new call). */
function jitterMeter(counts: RelayCounts, clockRate: number): (data: Buffer) => void {
  let last: { ssrc: number; at: number; timestamp: number } | null = null;
  let jitter = 0;
  return (data) => {
    const at = performance.now();
    const ssrc = data.readUInt32BE(8);
    const timestamp = data.readUInt32BE(4);
    if (last !== null && last.ssrc === ssrc) {
      const transit = at - last.at - ((timestamp - last.timestamp) / clockRate) * 1000;
      jitter += (Math.abs(transit) - jitter) / 16;
    } else {
      jitter = 0;
    }
    last = { ssrc, at, timestamp };
    counts.jitterMs = jitter;
  };
}

export interface MediaRelay {
  /** Applies to every packet from now on, both directions. */
  impair(impairment: Impairment): void;
  /** Packets so far towards the agent (what the agent hears) and towards the far end. */
  readonly toAgent: Readonly<RelayCounts>;
  readonly toFarEnd: Readonly<RelayCounts>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A UDP relay in the media path between the agent's gateway and the far end that loses and delays
 * (and so reorders) packets by a seeded schedule. Each end was given the other's media address at
 * the relay, and each packet leaves the relay from the address the receiver was given for its
 * sender: Janus's RTP socket is connected to that address and takes nothing from any other.
 */
export async function startMediaRelay(options: MediaRelayOptions): Promise<MediaRelay> {
  const { agentPorts, farEnd } = options;
  const offset = farEnd.relayFrom - farEnd.ports.min;
  const within = (port: number, { min, max }: PortRange): boolean => port >= min && port <= max;
  const relayFarEndPorts = { min: farEnd.ports.min + offset, max: farEnd.ports.max + offset };
  const sockets = new Map<number, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let impairment = NO_IMPAIRMENT;
  const toAgent: RelayCounts = { forwarded: 0, dropped: 0, jitterMs: 0 };
  const toFarEnd: RelayCounts = { forwarded: 0, dropped: 0, jitterMs: 0 };
  const clockRate = options.clockRate ?? 48_000;
  const meters = new Map([
    [toAgent, jitterMeter(toAgent, clockRate)],
    [toFarEnd, jitterMeter(toFarEnd, clockRate)],
  ]);
  const fateToAgent = impairmentSchedule(options.seed);
  const fateToFarEnd = impairmentSchedule(options.seed + 1);

  /** A packet from targetIp:`from` reached the relay's port `at`. */
  const forward = (data: Buffer, at: number, from: number): void => {
    let route: { counts: RelayCounts; out: Socket | undefined; to: number; fate: ReturnType<typeof fateToAgent> } | null = null;
    if (within(at, agentPorts) && within(from, farEnd.ports)) {
      route = { counts: toAgent, out: sockets.get(from + offset), to: at, fate: fateToAgent(impairment) };
    } else if (within(at, relayFarEndPorts) && within(from, agentPorts)) {
      route = { counts: toFarEnd, out: sockets.get(from), to: at - offset, fate: fateToFarEnd(impairment) };
    }
    // Anything else is no media of a relayed call.
    if (route === null || route.out === undefined) return;
    const { counts, out, to, fate } = route;
    const rtp = isRtp(data);
    if (fate.drop) {
      if (rtp) counts.dropped++;
      return;
    }
    if (rtp) counts.forwarded++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      out.send(data, to, options.targetIp);
      if (rtp) meters.get(counts)!(data);
    }, fate.delayMs);
    timers.add(timer);
  };

  const close = async (): Promise<void> => {
    for (const timer of timers) clearTimeout(timer);
    await Promise.all([...sockets.values()].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    sockets.clear();
  };
  try {
    for (const { min, max } of [agentPorts, relayFarEndPorts]) {
      for (let port = min; port <= max; port++) {
        const socket = createSocket('udp4');
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(port, options.relayIp, () => {
            socket.off('error', reject);
            resolve();
          });
        });
        sockets.set(port, socket);
        socket.on('message', (data, sender) => {
          if (sender.address === options.targetIp) forward(data, port, sender.port);
        });
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    impair: (next) => (impairment = next),
    toAgent,
    toFarEnd,
    close,
    [Symbol.asyncDispose]: close,
  };
}
