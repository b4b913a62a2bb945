import { seededRandom } from './seeded-random.js';

/**
 * A bad network as a schedule: for each packet in turn, whether it is lost and how long it is held.
 * Seeded, so a run can be repeated packet for packet. The kernels here have no netem qdisc, so the
 * lab's media relay applies this in user space.
 */
export interface Impairment {
  /** Share of packets dropped, 0..1, each independently. */
  lossRate: number;
  /** Mean one-way delay added, ms. */
  delayMs: number;
  /**
   * Each packet's delay is drawn uniformly from delayMs ± jitterMs (never below 0), so packets
   * less than 2·jitterMs apart can arrive out of order, as on a real jittery path.
   */
  jitterMs: number;
}

export const NO_IMPAIRMENT: Impairment = { lossRate: 0, delayMs: 0, jitterMs: 0 };

export interface PacketFate {
  drop: boolean;
  delayMs: number;
}

/** The fate of each next packet under `impairment` (which may be swapped between packets). */
export function impairmentSchedule(seed: number): (impairment: Impairment) => PacketFate {
  const random = seededRandom(seed);
  return ({ lossRate, delayMs, jitterMs }) => {
    // Both draws for every packet, so a packet's delay does not depend on the loss rate in force.
    const lossDraw = random();
    const jitterDraw = random();
    return { drop: lossDraw < lossRate, delayMs: Math.max(0, delayMs + (jitterDraw * 2 - 1) * jitterMs) };
  };
}
