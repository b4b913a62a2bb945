import type { CallQuality } from '@patchbay/contract';

/**
 * MOS from the ITU-T G.107 E-model, simplified for narrow/wide-band voice as commonly done for
 * WebRTC: R = 93.2 − Id(delay) − Ie(loss), then MOS = 1 + 0.035R + 7·10⁻⁶·R(R−60)(100−R).
 * Delay = one-way latency (rtt/2) + a jitter buffer of twice the jitter + 10 ms of codec time.
 */
export function estimateMos({ jitter, packetLoss, roundTripTime }: Omit<CallQuality, 'mos'>): number {
  const delayMs = ((roundTripTime ?? 0) / 2) * 1000 + jitter * 1000 * 2 + 10;
  const delayImpairment = delayMs < 160 ? delayMs / 40 : (delayMs - 120) / 10;
  const lossImpairment = packetLoss * 100 * 2.5;
  const r = Math.max(0, Math.min(100, 93.2 - delayImpairment - lossImpairment));
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, Math.min(4.5, mos)) * 100) / 100;
}

/** The few fields of an RTCStatsReport entry the quality needs. */
export interface StatsEntry {
  type: string;
  kind?: string;
  jitter?: number;
  packetsLost?: number;
  packetsReceived?: number;
  roundTripTime?: number;
  currentRoundTripTime?: number;
  state?: string;
  nominated?: boolean;
}

/**
 * Call quality from one getStats() of the audio peer connection: jitter and loss of what the agent
 * receives (inbound-rtp), round trip from RTCP (remote-inbound-rtp) or else from ICE.
 */
export function qualityFromStats(entries: Iterable<StatsEntry>): CallQuality | null {
  let inbound: StatsEntry | undefined;
  let rtcpRtt: number | undefined;
  let iceRtt: number | undefined;
  for (const entry of entries) {
    if (entry.type === 'inbound-rtp' && (entry.kind ?? 'audio') === 'audio') inbound = entry;
    if (entry.type === 'remote-inbound-rtp' && typeof entry.roundTripTime === 'number') rtcpRtt = entry.roundTripTime;
    if (entry.type === 'candidate-pair' && entry.state === 'succeeded' && entry.nominated && typeof entry.currentRoundTripTime === 'number') {
      iceRtt = entry.currentRoundTripTime;
    }
  }
  if (inbound === undefined) return null;
  const lost = Math.max(0, inbound.packetsLost ?? 0);
  const received = inbound.packetsReceived ?? 0;
  const quality = {
    jitter: inbound.jitter ?? 0,
    packetLoss: lost + received === 0 ? 0 : lost / (lost + received),
    roundTripTime: rtcpRtt ?? iceRtt ?? null,
  };
  return { ...quality, mos: estimateMos(quality) };
}
