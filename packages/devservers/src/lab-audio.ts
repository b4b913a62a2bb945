import { readFile } from 'node:fs/promises';

export interface PcmAudio {
  sampleRate: number;
  /** Mono samples in -1..1 (the first channel when there are several). */
  samples: Float32Array;
}

export class UnsupportedWavError extends Error {
  override name = 'UnsupportedWavError';
}

/** Reads a 16-bit PCM wav (what baresip's sndfile writes). */
export async function readWav(path: string): Promise<PcmAudio> {
  const data = await readFile(path);
  if (data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') {
    throw new UnsupportedWavError(`${path} is not a RIFF/WAVE file`);
  }
  let offset = 12;
  let channels = 1;
  let sampleRate = 8000;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (data.readUInt16LE(body) !== 1 || data.readUInt16LE(body + 14) !== 16) {
        throw new UnsupportedWavError(`${path} is not 16-bit PCM`);
      }
      channels = data.readUInt16LE(body + 2);
      sampleRate = data.readUInt32LE(body + 4);
    } else if (id === 'data') {
      // sndfile may leave the size at 0 or oversized while still writing: read what is there.
      const end = size === 0 || body + size > data.length ? data.length : body + size;
      const frames = Math.floor((end - body) / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = data.readInt16LE(body + i * 2 * channels) / 32768;
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new UnsupportedWavError(`${path} has no data chunk`);
}

/** Root mean square level, 0 for digital silence. */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/**
 * Share of the signal's energy at `frequency` (Goertzel), 0..1: a pure tone scores near 1,
 * noise or another tone near 0.
 */
export function toneShare({ samples, sampleRate }: PcmAudio, frequency: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of samples) {
    const s0 = x + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return energy === 0 ? 0 : Math.min(1, (2 * power) / (n * energy));
}
