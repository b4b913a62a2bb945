/**
 * getCallCenterSettings' flat keys (`/reqGeneralInfo/reqAdapterUrl`, `/<section>/<item>`) as a typed,
 * validated config. Every problem is reported at once, so the softphone can show the admin the full
 * list instead of a blank panel. Settings hold no secrets: every user of a call center reads them.
 */
import type { DialingPlan } from './dialing.js';
import { CallCenterSettingsError, type SettingProblem } from './errors.js';

/** Every key the softphone reads, by meaning; callcenter.xml defines each one. */
export const SETTING_KEYS = {
  internalName: '/reqGeneralInfo/reqInternalName',
  displayName: '/reqGeneralInfo/reqDisplayName',
  adapterUrl: '/reqGeneralInfo/reqAdapterUrl',
  useApi: '/reqGeneralInfo/reqUseApi',
  softphoneHeight: '/reqGeneralInfo/reqSoftphoneHeight',
  softphoneWidth: '/reqGeneralInfo/reqSoftphoneWidth',
  outsidePrefix: '/reqDialingOptions/reqOutsidePrefix',
  longDistancePrefix: '/reqDialingOptions/reqLongDistPrefix',
  internationalPrefix: '/reqDialingOptions/reqInternationalPrefix',
  homeCountryCode: '/PatchbayDialing/HomeCountryCode',
  internalMaxDigits: '/PatchbayDialing/InternalMaxDigits',
  widgets: '/PatchbayWidgets/Widgets',
  busUrl: '/PatchbayEndpoints/BusUrl',
  gatewayUrl: '/PatchbayEndpoints/GatewayUrl',
  widgetManifestUrl: '/PatchbayEndpoints/WidgetManifestUrl',
} as const;

/** Salesforce's limits for the Lightning softphone panel (setSoftphonePanelHeight/Width). */
export const PANEL_HEIGHT_RANGE = { min: 240, max: 2560 } as const;
export const PANEL_WIDTH_RANGE = { min: 200, max: 1920 } as const;

export interface PatchbayConfig {
  internalName: string;
  displayName: string;
  adapterUrl: string;
  softphone: { heightPx: number; widthPx: number };
  dialing: DialingPlan;
  /**
   * The ids of the widgets to mount, in display order, as the admin listed them. Not checked here:
   * the shell knows which ids the deploy manifest has, and shows the admin each one it cannot use.
   */
  enabledWidgets: string[];
  /**
   * NATS WebSocket URLs (the cluster's nodes: the client moves to another when one goes away);
   * none (setting left empty) means the in-page bus.
   */
  busUrls: string[];
  /** Janus WebSocket URLs, the first that answers serves; none (setting left empty) means no phone. */
  gatewayUrls: string[];
  widgetManifestUrl: string;
}

export function parseCallCenterSettings(flat: Record<string, string>): PatchbayConfig {
  const problems: SettingProblem[] = [];
  const read = (key: string): string | null => {
    const value = flat[key];
    if (typeof value !== 'string') {
      problems.push({ key, problem: 'is missing' });
      return null;
    }
    return value.trim();
  };
  const text = (key: string): string => {
    const value = read(key);
    if (value === '') problems.push({ key, problem: 'is empty' });
    return value ?? '';
  };
  const integer = (key: string, min: number, max: number): number => {
    const value = read(key);
    if (value === null) return min;
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= min && parsed <= max)) problems.push({ key, problem: `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}` });
    return parsed;
  };
  const digits = (key: string, maxLength: number): string => {
    const value = read(key) ?? '';
    if (!new RegExp(`^\\d{0,${maxLength}}$`).test(value)) problems.push({ key, problem: `must be up to ${maxLength} digits, got ${JSON.stringify(value)}` });
    return value;
  };
  const checkUrl = (key: string, value: string, protocols: readonly string[]): void => {
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) problems.push({ key, problem: `must be a ${protocols.join(' or ')} URL, got ${JSON.stringify(value)}` });
    } catch {
      problems.push({ key, problem: `is not an absolute URL: ${JSON.stringify(value)}` });
    }
  };
  const url = (key: string, protocols: readonly string[]): string => {
    const value = text(key);
    if (value !== '') checkUrl(key, value, protocols);
    return value;
  };
  /** A list separated by commas or spaces; empty when left empty. */
  const list = (key: string): string[] => (read(key) ?? '').split(/[\s,]+/).filter((item) => item !== '');
  /** Servers to fail over between. */
  const urls = (key: string, protocols: readonly string[]): string[] => {
    const listed = list(key);
    for (const item of listed) checkUrl(key, item, protocols);
    return listed;
  };

  const useApi = read(SETTING_KEYS.useApi);
  if (useApi !== null && useApi !== 'true') problems.push({ key: SETTING_KEYS.useApi, problem: 'must be true: Patchbay is an Open CTI softphone' });

  const config: PatchbayConfig = {
    internalName: text(SETTING_KEYS.internalName),
    displayName: text(SETTING_KEYS.displayName),
    adapterUrl: text(SETTING_KEYS.adapterUrl),
    softphone: {
      heightPx: integer(SETTING_KEYS.softphoneHeight, PANEL_HEIGHT_RANGE.min, PANEL_HEIGHT_RANGE.max),
      widthPx: integer(SETTING_KEYS.softphoneWidth, PANEL_WIDTH_RANGE.min, PANEL_WIDTH_RANGE.max),
    },
    dialing: {
      outsidePrefix: digits(SETTING_KEYS.outsidePrefix, 6),
      longDistancePrefix: digits(SETTING_KEYS.longDistancePrefix, 6),
      internationalPrefix: digits(SETTING_KEYS.internationalPrefix, 6),
      homeCountryCode: digits(SETTING_KEYS.homeCountryCode, 3),
      internalMaxDigits: integer(SETTING_KEYS.internalMaxDigits, 1, 10),
    },
    enabledWidgets: list(SETTING_KEYS.widgets),
    busUrls: urls(SETTING_KEYS.busUrl, ['ws:', 'wss:']),
    gatewayUrls: urls(SETTING_KEYS.gatewayUrl, ['ws:', 'wss:']),
    widgetManifestUrl: url(SETTING_KEYS.widgetManifestUrl, ['http:', 'https:']),
  };
  if (problems.length > 0) throw new CallCenterSettingsError(problems);
  return config;
}
