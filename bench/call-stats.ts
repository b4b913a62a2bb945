/**
 * A call's quality as both ends see it. The agent's side from one getStats() of its page
 * (inbound-rtp, as the phone reports it); the far end's from the packets baresip says it received
 * against those the page sent (Janus relays every one), and a jitter figure when the caller has
 * one (the lab's media relay measures what it delivers). Each gets the MOS estimate the phone
 * itself shows (call-quality.ts, the E-model), with the page's round trip.
 */
import type { Page } from 'playwright-core';
import { estimateMos, qualityFromStats, type StatsEntry } from '@patchbay/phone/machine';

export interface EndQuality {
  packetLoss: number;
  /** RFC 3550 interarrival jitter, seconds; null where nobody measured it. */
  jitter: number | null;
  mos: number;
}

export interface AgentSide {
  quality: EndQuality;
  roundTripTime: number | null;
  /** Audio packets the page has sent in this call. */
  packetsSent: number;
  /** Share of received samples the browser had to conceal (loss or late packets the jitter buffer could not hide). */
  concealed: number;
}

interface PageStat extends StatsEntry {
  packetsSent?: number;
  concealedSamples?: number;
  totalSamplesReceived?: number;
}

export async function agentSide(page: Page): Promise<AgentSide> {
  const entries = (await page.evaluate(async () => {
    const report = await window.harness.phone().stats();
    const plain: Array<Record<string, unknown>> = [];
    report?.forEach((s: Record<string, unknown>) => plain.push({ ...s }));
    return plain;
  })) as unknown as PageStat[];
  const quality = qualityFromStats(entries);
  if (quality === null) throw new Error('the page has no call with received audio');
  const audio = (type: string): PageStat | undefined => entries.find((e) => e.type === type && (e.kind ?? 'audio') === 'audio');
  const inbound = audio('inbound-rtp');
  return {
    quality: { packetLoss: quality.packetLoss, jitter: quality.jitter, mos: quality.mos },
    roundTripTime: quality.roundTripTime,
    packetsSent: audio('outbound-rtp')?.packetsSent ?? 0,
    concealed: (inbound?.concealedSamples ?? 0) / Math.max(1, inbound?.totalSamplesReceived ?? 0),
  };
}

/** The far end's quality from what it received of what the agent sent. */
export function farEndQuality(received: number, sent: number, jitter: number | null, roundTripTime: number | null): EndQuality {
  const packetLoss = sent === 0 ? 0 : Math.max(0, 1 - received / sent);
  return { packetLoss, jitter, mos: estimateMos({ packetLoss, jitter: jitter ?? 0, roundTripTime }) };
}

/** `loss  1.2%  jitter  16 ms  MOS 4.31` (a MOS without jitter says so). */
export function describeEnd({ packetLoss, jitter, mos }: EndQuality): string {
  const jitterText = jitter === null ? 'jitter   n/a' : `jitter ${(jitter * 1000).toFixed(0).padStart(3)} ms`;
  return `loss ${(packetLoss * 100).toFixed(1).padStart(4)}%  ${jitterText}  MOS ${mos.toFixed(2)}${jitter === null ? ' (loss only)' : ''}`;
}
