/**
 * A call's quality as both ends see it over a window (counters read at its start and end, so
 * call set-up does not count). The agent's side from its page's getStats() (inbound-rtp, as the
 * phone reads it); the far end's from the packets baresip says it received against those the page
 * sent (Janus relays every one), with a jitter figure when the caller has one (the lab's media
 * relay measures what it delivers). Each gets the MOS estimate the phone itself shows
 * (call-quality.ts, the E-model), with the page's round trip.
 */
import type { Page } from 'playwright-core';
import { estimateMos } from '@patchbay/phone/machine';

export interface EndQuality {
  packetLoss: number;
  /** RFC 3550 interarrival jitter, seconds; null where nobody measured it. */
  jitter: number | null;
  mos: number;
}

/** The page's audio counters at one moment. */
export interface PageCounters {
  received: number;
  lost: number;
  sent: number;
  /** Seconds, the receiver's running estimate. */
  jitter: number;
  roundTripTime: number | null;
  concealedSamples: number;
  samples: number;
}

export async function pageCounters(page: Page): Promise<PageCounters> {
  return page.evaluate(async () => {
    const report = await window.harness.phone().stats();
    const counters = { received: 0, lost: 0, sent: 0, jitter: 0, roundTripTime: null as number | null, concealedSamples: 0, samples: 0 };
    report?.forEach((s: Record<string, number | string | undefined>) => {
      if (s.kind !== undefined && s.kind !== 'audio') return;
      if (s.type === 'inbound-rtp') {
        counters.received = Number(s.packetsReceived ?? 0);
        counters.lost = Math.max(0, Number(s.packetsLost ?? 0));
        counters.jitter = Number(s.jitter ?? 0);
        counters.concealedSamples = Number(s.concealedSamples ?? 0);
        counters.samples = Number(s.totalSamplesReceived ?? 0);
      }
      if (s.type === 'outbound-rtp') counters.sent = Number(s.packetsSent ?? 0);
      if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') counters.roundTripTime = s.roundTripTime;
    });
    return counters;
  });
}

/** What the agent heard between two readings, and the share of it the browser had to conceal. */
export function agentQuality(from: PageCounters, to: PageCounters): EndQuality & { concealed: number } {
  const lost = to.lost - from.lost;
  const packets = lost + to.received - from.received;
  const packetLoss = packets <= 0 ? 0 : Math.max(0, lost / packets);
  const concealed = (to.concealedSamples - from.concealedSamples) / Math.max(1, to.samples - from.samples);
  return { packetLoss, jitter: to.jitter, mos: estimateMos({ packetLoss, jitter: to.jitter, roundTripTime: to.roundTripTime }), concealed };
}

/** What the far end heard: `received` of the `sent` packets the agent sent in the same window. */
export function farEndQuality(received: number, sent: number, jitter: number | null, roundTripTime: number | null): EndQuality {
  const packetLoss = sent <= 0 ? 0 : Math.max(0, 1 - received / sent);
  return { packetLoss, jitter, mos: estimateMos({ packetLoss, jitter: jitter ?? 0, roundTripTime }) };
}

/** `loss  1.2%  jitter  16 ms  MOS 4.31` (a MOS without jitter says so). */
export function describeEnd({ packetLoss, jitter, mos }: EndQuality): string {
  const jitterText = jitter === null ? 'jitter   n/a' : `jitter ${(jitter * 1000).toFixed(0).padStart(3)} ms`;
  return `loss ${(packetLoss * 100).toFixed(1).padStart(4)}%  ${jitterText}  MOS ${mos.toFixed(2)}${jitter === null ? ' (loss only)' : ''}`;
}
