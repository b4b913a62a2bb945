import type { RingTone } from '@patchbay/phone';

/** North American ring cadence: 2 s on, 4 s off, 440 + 480 Hz. */
const ON_MS = 2000;
const CYCLE_MS = 6000;

/**
 * The ring agents hear, generated in the page (no audio file to fetch) and played through its
 * own audio element, so it can sound on a device other than the headset (setSinkId).
 */
export class GeneratedRingTone implements RingTone {
  private context: AudioContext | null = null;
  private cadence: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly element: HTMLAudioElement,
    private readonly onBlocked: () => void,
  ) {}

  start(): void {
    if (this.context) return;
    const context = new AudioContext();
    const gain = context.createGain();
    gain.gain.value = 0;
    for (const frequency of [440, 480]) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start();
    }
    const out = context.createMediaStreamDestination();
    gain.connect(out);
    const ring = (): void => {
      const now = context.currentTime;
      gain.gain.setValueAtTime(0.2, now);
      gain.gain.setValueAtTime(0, now + ON_MS / 1000);
    };
    ring();
    this.cadence = setInterval(ring, CYCLE_MS);
    this.context = context;
    this.element.srcObject = out.stream;
    this.element.dataset['ringing'] = 'true';
    this.element.play().catch(() => this.onBlocked());
  }

  stop(): void {
    if (this.cadence) clearInterval(this.cadence);
    this.cadence = null;
    void this.context?.close();
    this.context = null;
    this.element.pause();
    this.element.srcObject = null;
    delete this.element.dataset['ringing'];
  }

  /** Plays the ring on this output device from now on. */
  async setDevice(deviceId: string): Promise<void> {
    await this.element.setSinkId(deviceId);
  }
}
