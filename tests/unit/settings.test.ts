import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallCenterSettingsError, parseCallCenterSettings, SETTING_KEYS } from '@patchbay/opencti';
import { flattenCallCenter, readCallCenterXml } from '@patchbay/simulator/callcenter-xml';

const defaults = flattenCallCenter(readCallCenterXml(readFileSync(new URL('../../callcenter.xml', import.meta.url), 'utf8')));

function problemsOf(flat: Record<string, string>): Array<{ key: string; problem: string }> {
  try {
    parseCallCenterSettings(flat);
  } catch (error) {
    expect(error).toBeInstanceOf(CallCenterSettingsError);
    return [...(error as CallCenterSettingsError).problems];
  }
  throw new Error('the settings were accepted');
}

describe('parseCallCenterSettings', () => {
  it("accepts callcenter.xml's defaults", () => {
    expect(parseCallCenterSettings(defaults)).toEqual({
      internalName: 'PatchbaySoftphone',
      displayName: 'Patchbay Softphone',
      adapterUrl: 'https://patchbay.example.com/shell/',
      softphone: { heightPx: 480, widthPx: 320 },
      dialing: { outsidePrefix: '9', longDistancePrefix: '1', internationalPrefix: '011', homeCountryCode: '1', internalMaxDigits: 5 },
      enabledWidgets: ['dialpad', 'call-log', 'presence'],
      busUrls: ['wss://patchbay.example.com/bus'],
      gatewayUrls: ['wss://patchbay.example.com/janus'],
      widgetManifestUrl: 'https://patchbay.example.com/widgets/manifest.json',
    });
  });

  it('turns widgets off and empty endpoints into none', () => {
    const config = parseCallCenterSettings({ ...defaults, [SETTING_KEYS.widgets]: 'dialpad, presence', [SETTING_KEYS.busUrl]: '', [SETTING_KEYS.gatewayUrl]: ' ' });
    expect(config.enabledWidgets).toEqual(['dialpad', 'presence']);
    expect(config.busUrls).toEqual([]);
    expect(config.gatewayUrls).toEqual([]);
  });

  it('names the widgets to mount by id, in the order listed, whatever the ids are (the shell checks them against the manifest)', () => {
    expect(parseCallCenterSettings({ ...defaults, [SETTING_KEYS.widgets]: ' wrap-up-notes,presence  dialpad,Not An Id' }).enabledWidgets).toEqual([
      'wrap-up-notes',
      'presence',
      'dialpad',
      'Not',
      'An',
      'Id',
    ]);
    expect(parseCallCenterSettings({ ...defaults, [SETTING_KEYS.widgets]: '' }).enabledWidgets).toEqual([]);
  });

  it('takes several bus and gateway URLs (servers to fail over between), and names a bad one', () => {
    const config = parseCallCenterSettings({
      ...defaults,
      [SETTING_KEYS.busUrl]: 'wss://nats-1.example.com, wss://nats-2.example.com wss://nats-3.example.com',
      [SETTING_KEYS.gatewayUrl]: 'wss://janus-a.example.com/ws,wss://janus-b.example.com/ws',
    });
    expect(config.busUrls).toEqual(['wss://nats-1.example.com', 'wss://nats-2.example.com', 'wss://nats-3.example.com']);
    expect(config.gatewayUrls).toEqual(['wss://janus-a.example.com/ws', 'wss://janus-b.example.com/ws']);
    expect(problemsOf({ ...defaults, [SETTING_KEYS.gatewayUrl]: 'wss://janus-a.example.com, https://janus-b.example.com' })).toEqual([
      { key: SETTING_KEYS.gatewayUrl, problem: 'must be a ws: or wss: URL, got "https://janus-b.example.com"' },
    ]);
  });

  it('lists every missing setting', () => {
    const { [SETTING_KEYS.widgetManifestUrl]: _m, [SETTING_KEYS.widgets]: _w, ...rest } = defaults;
    expect(problemsOf(rest)).toEqual([
      { key: SETTING_KEYS.widgets, problem: 'is missing' },
      { key: SETTING_KEYS.widgetManifestUrl, problem: 'is missing' },
    ]);
    expect(problemsOf({}).length).toBe(Object.keys(SETTING_KEYS).length);
  });

  it('lists every invalid setting with what was given', () => {
    const problems = problemsOf({
      ...defaults,
      [SETTING_KEYS.softphoneHeight]: '100',
      [SETTING_KEYS.softphoneWidth]: 'wide',
      [SETTING_KEYS.useApi]: 'false',
      [SETTING_KEYS.busUrl]: 'https://bus.example.com',
      [SETTING_KEYS.gatewayUrl]: 'janus',
      [SETTING_KEYS.widgetManifestUrl]: '',
      [SETTING_KEYS.outsidePrefix]: '9#',
      [SETTING_KEYS.internalMaxDigits]: '0',
    });
    expect(problems.map((p) => p.key)).toEqual([
      SETTING_KEYS.useApi,
      SETTING_KEYS.softphoneHeight,
      SETTING_KEYS.softphoneWidth,
      SETTING_KEYS.outsidePrefix,
      SETTING_KEYS.internalMaxDigits,
      SETTING_KEYS.busUrl,
      SETTING_KEYS.gatewayUrl,
      SETTING_KEYS.widgetManifestUrl,
    ]);
    expect(problems[1]?.problem).toBe('must be a whole number from 240 to 2560, got "100"');
    expect(problems[5]?.problem).toBe('must be a ws: or wss: URL, got "https://bus.example.com"');
  });

  it('puts the list in the error message for the softphone to show', () => {
    expect(() => parseCallCenterSettings({ ...defaults, [SETTING_KEYS.softphoneHeight]: '9999' })).toThrow(
      'The call center settings are not valid: /reqGeneralInfo/reqSoftphoneHeight: must be a whole number from 240 to 2560, got "9999"',
    );
  });
});
