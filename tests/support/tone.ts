export interface ToneReading {
  /** Frequency of the loudest FFT bin, Hz. */
  peakHz: number;
  /** Level at the peak, dBFS. */
  peakDb: number;
}

/**
 * The loudest frequency an audio element plays, averaged over about a second so one quiet frame
 * does not decide. Runs in the page: self-contained, so the harness page bundles it and
 * Playwright can send it to a frame with `locator.evaluate`.
 */
export async function measureTone(audio: HTMLAudioElement): Promise<ToneReading> {
  const stream = audio.srcObject;
  if (!(stream instanceof MediaStream)) throw new Error('no remote audio stream yet');
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 4096;
  context.createMediaStreamSource(stream).connect(analyser);
  const frames = 10;
  const bins = new Float32Array(analyser.frequencyBinCount);
  const sum = new Float32Array(analyser.frequencyBinCount);
  for (let frame = 0; frame < frames; frame++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    analyser.getFloatFrequencyData(bins);
    bins.forEach((db, bin) => {
      sum[bin] = (sum[bin] ?? 0) + Math.max(db, -200) / frames;
    });
  }
  let peak = 1;
  for (let bin = 1; bin < sum.length; bin++) if ((sum[bin] ?? -Infinity) > (sum[peak] ?? -Infinity)) peak = bin;
  const reading = { peakHz: (peak * context.sampleRate) / analyser.fftSize, peakDb: sum[peak] ?? -200 };
  await context.close();
  return reading;
}
