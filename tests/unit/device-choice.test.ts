import { describe, expect, it } from 'vitest';
import { devicesFor, loadDeviceChoice, saveDeviceChoice } from '../../shell/src/audio/device-choice.js';
import { memoryStorage } from '../support/memory-storage.js';

const device = (kind: MediaDeviceKind, deviceId: string): MediaDeviceInfo => ({ kind, deviceId, label: deviceId, groupId: 'g', toJSON: () => ({}) }) as MediaDeviceInfo;

describe('audio device choice', () => {
  it('round-trips through storage and ignores what it does not know', () => {
    const storage = memoryStorage();
    saveDeviceChoice(storage, { microphone: 'mic-2', ringer: 'desk-speaker' });
    expect(loadDeviceChoice(storage)).toEqual({ microphone: 'mic-2', ringer: 'desk-speaker' });
    expect(loadDeviceChoice(memoryStorage({ 'patchbay.audioDevices': '{"speaker":42,"camera":"x"}' }))).toEqual({});
    expect(loadDeviceChoice(memoryStorage({ 'patchbay.audioDevices': 'not json' }))).toEqual({});
  });

  it('offers inputs for the microphone and outputs for speaker and ringer', () => {
    const devices = [device('audioinput', 'mic'), device('audiooutput', 'headset'), device('videoinput', 'cam'), device('audiooutput', '')];
    expect(devicesFor('microphone', devices).map((d) => d.deviceId)).toEqual(['mic']);
    expect(devicesFor('speaker', devices).map((d) => d.deviceId)).toEqual(['headset']);
    expect(devicesFor('ringer', devices).map((d) => d.deviceId)).toEqual(['headset']);
  });
});
