import { describe, expect, it } from 'vitest';
import { shellContentSecurityPolicy, widgetOrigins } from '@patchbay/devservers';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const WIDGETS = ['https://dialpad.widgets.example.com', 'http://127.0.0.1:5171'];
const SIMULATOR = 'http://127.0.0.1:5180';

describe('shellContentSecurityPolicy', () => {
  const policy = directives(shellContentSecurityPolicy({ widgetOrigins: WIDGETS, openCtiOrigins: [SIMULATOR] }));

  it('lets scripts come only from the shell, the widget origins, Salesforce and the allowed Open CTI origins', () => {
    expect(policy.get('script-src')).toEqual(["'self'", ...WIDGETS, 'https://*.salesforce.com', 'https://*.force.com', 'https://*.visualforce.com', 'https://*.salesforce-setup.com', SIMULATOR]);
  });

  it('allows no inline script, no eval, no plugins and no <base>', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    for (const [name, sources] of policy) {
      if (name !== 'style-src')
        expect(
          sources.filter((source) => source.startsWith("'unsafe-")),
          name,
        ).toEqual([]);
    }
  });

  it('names every origin once', () => {
    const twice = directives(shellContentSecurityPolicy({ widgetOrigins: [...WIDGETS, ...WIDGETS], openCtiOrigins: [WIDGETS[0]!] }));
    expect(twice.get('script-src')!.filter((source) => source === WIDGETS[0])).toHaveLength(1);
  });

  it('refuses what is not exactly an http(s) origin, so nothing can be smuggled into the policy', () => {
    for (const bad of [
      'https://w.example.com/',
      'https://w.example.com/x.js',
      "https://w.example.com; script-src 'unsafe-inline'",
      'javascript:alert(1)',
      'data:text/javascript,1',
      '*',
      'w.example.com',
    ]) {
      expect(() => shellContentSecurityPolicy({ widgetOrigins: [bad], openCtiOrigins: [] }), bad).toThrow('is not an http(s) origin');
      expect(() => shellContentSecurityPolicy({ widgetOrigins: [], openCtiOrigins: [bad] }), bad).toThrow('is not an http(s) origin');
    }
  });
});

describe('widgetOrigins', () => {
  const entry = (url: string) => ({ container: 'c', version: '1.0.0', entry: url, integrity: 'sha384-x', contract: '1.0.0' });

  it('gives the origin of each widget entry once, and none for an entry that is no http(s) URL', () => {
    const manifest = {
      schemaVersion: 2 as const,
      widgets: {
        dialpad: entry('https://w.example.com/dialpad/1.0.0/remoteEntry.js'),
        presence: entry('https://w.example.com/presence/1.0.0/remoteEntry.js'),
        'call-log': entry('http://127.0.0.1:5172/1.0.0/remoteEntry.js'),
        broken: entry('not a url'),
        odd: entry('data:text/javascript,1'),
      },
    };
    expect(widgetOrigins(manifest)).toEqual(['https://w.example.com', 'http://127.0.0.1:5172']);
  });
});
