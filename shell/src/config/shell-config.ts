import { isAgentId, type AgentId } from '@patchbay/contract';
import { SHELL_DEFAULTS } from './defaults.js';

/**
 * What the shell needs to compose the softphone, whatever host provides it (Salesforce call center
 * settings through Open CTI, or a standalone page's JSON). No secrets: every user of a call center
 * can read its settings.
 */
export interface ShellConfig {
  /** Stable agent id (the Salesforce user id in Salesforce). */
  agentId: AgentId;
  /** How teammates see the agent. */
  displayName: string;
  /** Widget ids enabled for this call center, in display order. */
  enabledWidgets: string[];
  /** Absolute URL of the deploy manifest. */
  widgetManifestUrl: string;
  /** NATS WebSocket URLs (a cluster's nodes); none means the in-page bus (a widget developed alone). */
  busUrls: string[];
  /** Janus WebSocket URLs, the first that answers serves; none means no phone. */
  gatewayUrls: string[];
  /** How long a widget may take to load before it gets a fallback tile. */
  widgetTimeoutMs: number;
}

export class ShellConfigError extends Error {
  override name = 'ShellConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`The softphone is not configured correctly: ${problems.join('; ')}`);
  }
}

/** A URL or a list of them (servers to fail over between); absent or empty means none. */
function urlList(value: unknown, field: string, protocols: readonly string[], problems: string[]): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => {
    if (typeof item !== 'string') {
      problems.push(`${field} must be a URL or a list of URLs`);
      return false;
    }
    try {
      if (!protocols.includes(new URL(item).protocol)) problems.push(`${field} "${item}" must use ${protocols.join(' or ')}`);
      return true;
    } catch {
      problems.push(`${field} "${item}" is not an absolute URL`);
      return false;
    }
  });
}

/** Validates a standalone page's JSON config; every problem is reported at once. */
export function parseShellConfig(raw: unknown, base: string): ShellConfig {
  if (typeof raw !== 'object' || raw === null) throw new ShellConfigError(['the config must be a JSON object']);
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  const agentId = input['agentId'];
  if (!isAgentId(agentId)) {
    problems.push('agentId must be 1-64 letters, digits, dashes or underscores');
  }
  const displayName = input['displayName'] ?? agentId;
  if (typeof displayName !== 'string' || displayName.length === 0 || displayName.length > 80) {
    problems.push('displayName must be 1-80 characters');
  }
  const widgets = input['enabledWidgets'];
  if (!Array.isArray(widgets) || !widgets.every((id) => typeof id === 'string')) {
    problems.push('enabledWidgets must be a list of widget ids');
  }
  let widgetManifestUrl = '';
  if (typeof input['widgetManifestUrl'] !== 'string') {
    problems.push('widgetManifestUrl is missing');
  } else {
    try {
      widgetManifestUrl = new URL(input['widgetManifestUrl'], base).href;
    } catch {
      problems.push(`widgetManifestUrl "${input['widgetManifestUrl']}" is not a URL`);
    }
  }
  const busUrls = urlList(input['busUrl'], 'busUrl', ['ws:', 'wss:'], problems);
  const gatewayUrls = urlList(input['gatewayUrl'], 'gatewayUrl', ['ws:', 'wss:'], problems);
  const timeout = input['widgetTimeoutMs'] ?? SHELL_DEFAULTS.widgetTimeoutMs;
  if (typeof timeout !== 'number' || !(timeout >= 100 && timeout <= 60_000)) {
    problems.push('widgetTimeoutMs must be a number of milliseconds from 100 to 60000');
  }
  if (problems.length > 0) throw new ShellConfigError(problems);
  return {
    agentId: agentId as AgentId,
    displayName: displayName as string,
    enabledWidgets: widgets as string[],
    widgetManifestUrl,
    busUrls,
    gatewayUrls,
    widgetTimeoutMs: timeout as number,
  };
}
