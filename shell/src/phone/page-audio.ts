import type { Phone } from '@patchbay/phone';
import { GeneratedRingTone } from '../audio/ring-tone.js';
import { mountAudioSettings } from '../ui/audio-settings.js';
import { showNotice } from '../ui/notice.js';

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the shell page has no ${selector}`);
  return found;
}

export interface PageAudio {
  audio: HTMLAudioElement;
  ringTone: GeneratedRingTone;
  onAutoplayBlocked: () => void;
  /** Mounts the Audio panel; its choices go to the phone this page runs at the time (if any). */
  mountSettings(phone: () => Phone | null): void;
}

/** The page's call audio and ringer, where the phone runs (a Salesforce tab or the phone window). */
export function pageAudio(notices: HTMLElement): PageAudio {
  const audio = element<HTMLAudioElement>('audio.pb-remote-audio');
  const ringAudio = element<HTMLAudioElement>('audio.pb-ring-audio');
  // Browsers hold audio back until the agent interacts; one click on the notice releases both.
  const onAutoplayBlocked = (): void =>
    showNotice(notices, 'The browser is holding back call audio.', {
      key: 'autoplay',
      action: 'Enable call audio',
      onAction: () => void Promise.all([audio.play(), ringAudio.srcObject ? ringAudio.play() : undefined]).catch(() => undefined),
    });
  const ringTone = new GeneratedRingTone(ringAudio, onAutoplayBlocked);
  return {
    audio,
    ringTone,
    onAutoplayBlocked,
    mountSettings: (phone) =>
      mountAudioSettings(element<HTMLButtonElement>('.pb-status button.audio'), element('.pb-audio-settings'), async (role, deviceId) => {
        if (role === 'microphone') await phone()?.setMicrophone(deviceId);
        else if (role === 'speaker') await phone()?.setSpeaker(deviceId);
        else await ringTone.setDevice(deviceId);
      }),
  };
}
