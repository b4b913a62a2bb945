import { describe, expect, it } from 'vitest';
import { estimateMos, qualityFromStats } from '@patchbay/phone/machine';

describe('estimateMos()', () => {
  it('gives toll quality (about 4.4) on a clean loopback call', () => {
    expect(estimateMos({ jitter: 0.001, packetLoss: 0, roundTripTime: 0.001 })).toBeGreaterThanOrEqual(4.3);
  });

  it('drops with loss, jitter and delay, and stays within 1..4.5', () => {
    const clean = estimateMos({ jitter: 0.005, packetLoss: 0, roundTripTime: 0.05 });
    const lossy = estimateMos({ jitter: 0.005, packetLoss: 0.05, roundTripTime: 0.05 });
    const jittery = estimateMos({ jitter: 0.08, packetLoss: 0, roundTripTime: 0.05 });
    const far = estimateMos({ jitter: 0.005, packetLoss: 0, roundTripTime: 0.6 });
    expect(lossy).toBeLessThan(clean);
    expect(jittery).toBeLessThan(clean);
    expect(far).toBeLessThan(clean);
    expect(estimateMos({ jitter: 1, packetLoss: 0.9, roundTripTime: 3 })).toBe(1);
    expect(clean).toBeLessThanOrEqual(4.5);
  });

  it('matches the E-model at reference points', () => {
    // R = 93.2 − 10/40 = 92.95 → MOS ≈ 4.40; 5 % loss: R = 80.45 → MOS ≈ 4.04.
    expect(estimateMos({ jitter: 0, packetLoss: 0, roundTripTime: 0 })).toBeCloseTo(4.4, 2);
    expect(estimateMos({ jitter: 0, packetLoss: 0.05, roundTripTime: 0 })).toBeCloseTo(4.04, 2);
  });
});

describe('qualityFromStats()', () => {
  it('reads jitter and loss from inbound-rtp and rtt from RTCP', () => {
    const quality = qualityFromStats([
      { type: 'inbound-rtp', kind: 'audio', jitter: 0.012, packetsLost: 5, packetsReceived: 95 },
      { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.04 },
      { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.001 },
    ]);
    expect(quality).toMatchObject({ jitter: 0.012, packetLoss: 0.05, roundTripTime: 0.04 });
    expect(quality!.mos).toBe(estimateMos({ jitter: 0.012, packetLoss: 0.05, roundTripTime: 0.04 }));
  });

  it('falls back to the ICE round trip before the first RTCP report', () => {
    const quality = qualityFromStats([
      { type: 'inbound-rtp', kind: 'audio', jitter: 0, packetsLost: 0, packetsReceived: 10 },
      { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.002 },
    ]);
    expect(quality?.roundTripTime).toBe(0.002);
  });

  it('has nothing to say before audio arrives', () => {
    expect(qualityFromStats([{ type: 'outbound-rtp', kind: 'audio' }])).toBeNull();
    expect(qualityFromStats([{ type: 'inbound-rtp', kind: 'audio' }])).toMatchObject({ packetLoss: 0, roundTripTime: null });
  });
});
