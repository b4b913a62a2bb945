/** The agent's audio devices: microphone, speaker (headset) and ringer, remembered per browser. */
export type DeviceRole = 'microphone' | 'speaker' | 'ringer';

const STORAGE_KEY = 'patchbay.audioDevices';

export type DeviceChoice = Partial<Record<DeviceRole, string>>;

export function loadDeviceChoice(storage: Storage): DeviceChoice {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const choice: DeviceChoice = {};
    for (const role of ['microphone', 'speaker', 'ringer'] as const) {
      const value = (parsed as Record<string, unknown>)[role];
      if (typeof value === 'string') choice[role] = value;
    }
    return choice;
  } catch {
    return {};
  }
}

export function saveDeviceChoice(storage: Storage, choice: DeviceChoice): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(choice));
}

/** Which devices fit a role: inputs for the microphone, outputs for the speaker and the ringer. */
export function devicesFor(role: DeviceRole, devices: readonly MediaDeviceInfo[]): MediaDeviceInfo[] {
  const kind: MediaDeviceKind = role === 'microphone' ? 'audioinput' : 'audiooutput';
  return devices.filter((device) => device.kind === kind && device.deviceId !== '');
}
