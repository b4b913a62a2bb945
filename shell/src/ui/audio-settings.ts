import { devicesFor, loadDeviceChoice, saveDeviceChoice, type DeviceChoice, type DeviceRole } from '../audio/device-choice.js';
import { describeError, log } from '../log.js';

const LABELS: Record<DeviceRole, string> = { microphone: 'Microphone', speaker: 'Speaker (call audio)', ringer: 'Ringer' };

export type ApplyDevice = (role: DeviceRole, deviceId: string) => Promise<void>;

/**
 * The audio devices panel behind the status bar's Audio button: the agent picks the microphone,
 * the speaker for the call and the device that rings (which may differ from the headset).
 */
export function mountAudioSettings(toggle: HTMLButtonElement, panel: HTMLElement, apply: ApplyDevice): void {
  const choice: DeviceChoice = loadDeviceChoice(window.localStorage);
  for (const [role, deviceId] of Object.entries(choice) as [DeviceRole, string][]) {
    apply(role, deviceId).catch((error: unknown) => log('warn', 'AUDIO-DEVICE', `${role}: ${String(error)}`));
  }
  const render = async (): Promise<void> => {
    const devices = await navigator.mediaDevices.enumerateDevices();
    panel.replaceChildren();
    for (const role of ['microphone', 'speaker', 'ringer'] as const) {
      const label = document.createElement('label');
      label.textContent = LABELS[role];
      const select = document.createElement('select');
      select.dataset['role'] = role;
      const fallback = new Option('Browser default', '');
      select.append(fallback);
      for (const device of devicesFor(role, devices)) select.append(new Option(device.label || device.deviceId, device.deviceId, false, device.deviceId === choice[role]));
      select.addEventListener('change', () => {
        choice[role] = select.value;
        saveDeviceChoice(window.localStorage, choice);
        apply(role, select.value).catch((error: unknown) => log('warn', 'AUDIO-DEVICE', `${role}: ${String(error)}`));
      });
      label.append(select);
      panel.append(label);
    }
  };
  toggle.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      render().catch((error: unknown) => {
        panel.textContent = `Audio devices unavailable: ${describeError(error)}`;
      });
    }
  });
}
