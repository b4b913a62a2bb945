import { describe, expect, it } from 'vitest';
import { ShellConfigError, parseShellConfig } from '../../shell/src/config/shell-config.js';

const base = 'http://127.0.0.1:5170/patchbay.json';

describe('parseShellConfig', () => {
  it('resolves the manifest URL against the config and defaults the rest', () => {
    const config = parseShellConfig({ agentId: '005xx000001Sv6eAAC', enabledWidgets: ['dialpad'], widgetManifestUrl: '/deploy/widgets.json' }, base);
    expect(config).toEqual({
      agentId: '005xx000001Sv6eAAC',
      displayName: '005xx000001Sv6eAAC',
      enabledWidgets: ['dialpad'],
      widgetManifestUrl: 'http://127.0.0.1:5170/deploy/widgets.json',
      busUrls: [],
      gatewayUrls: [],
      widgetTimeoutMs: 5000,
    });
  });

  it('takes one endpoint URL or a list of them to fail over between', () => {
    const config = parseShellConfig({ agentId: 'alice', enabledWidgets: [], widgetManifestUrl: '/w.json', busUrl: 'ws://bus-1', gatewayUrl: ['ws://janus-a', 'ws://janus-b'] }, base);
    expect(config).toMatchObject({ busUrls: ['ws://bus-1'], gatewayUrls: ['ws://janus-a', 'ws://janus-b'] });
    expect(() => parseShellConfig({ agentId: 'alice', enabledWidgets: [], widgetManifestUrl: '/w.json', gatewayUrl: ['ws://janus-a', 7] }, base)).toThrow(/gatewayUrl must be a URL or a list of URLs/);
  });

  it('lists every problem of a bad config', () => {
    let problems: readonly string[] = [];
    try {
      parseShellConfig({ agentId: 'a b', displayName: '', enabledWidgets: 'dialpad', busUrl: 'http://bus', gatewayUrl: 'nope', widgetTimeoutMs: 5 }, base);
    } catch (error) {
      if (!(error instanceof ShellConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([
      'agentId must be 1-64 letters, digits, dashes or underscores',
      'displayName must be 1-80 characters',
      'enabledWidgets must be a list of widget ids',
      'widgetManifestUrl is missing',
      'busUrl "http://bus" must use ws: or wss:',
      'gatewayUrl "nope" is not an absolute URL',
      'widgetTimeoutMs must be a number of milliseconds from 100 to 60000',
    ]);
  });
});
