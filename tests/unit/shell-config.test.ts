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
      busUrl: null,
      gatewayUrl: null,
      widgetTimeoutMs: 5000,
    });
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
      'busUrl must use ws: or wss:',
      'gatewayUrl "nope" is not an absolute URL',
      'widgetTimeoutMs must be a number of milliseconds from 100 to 60000',
    ]);
  });
});
