import { describe, expect, it } from 'vitest';
import { CONTRACT_SEMVER } from '@patchbay/contract';
import { DeployManifestError, parseDeployManifest } from '../../shell/src/widgets/deploy-manifest.js';
import { selectWidgets } from '../../shell/src/widgets/select.js';

// Pins of the right form: "sha384-" and 64 base64 characters (a 48-byte digest).
const PIN = `sha384-${'A'.repeat(64)}`;
const PIN2 = `sha384-${'a+/9'.repeat(16)}`;

const valid = {
  schemaVersion: 2,
  widgets: {
    dialpad: { container: 'patchbay_dialpad', version: '1.2.0', entry: 'https://w.example.com/dialpad/1.2.0/remoteEntry.js', integrity: PIN, contract: '1.0.0' },
    'call-log': { container: 'patchbay_call_log', version: '2.0.0-beta.1', entry: 'http://127.0.0.1:5172/2.0.0/remoteEntry.js', integrity: PIN2, contract: '1.0.0' },
    presence: { container: 'patchbay_presence', version: '1.0.0', entry: 'https://w.example.com/presence/1.0.0/remoteEntry.js', integrity: PIN, contract: '1.0.0' },
  },
};

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseDeployManifest(raw);
  } catch (error) {
    if (error instanceof DeployManifestError) return error.problems;
    throw error;
  }
  return [];
}

/** The entries refused, each with its problems. */
function refusedOf(raw: unknown): Record<string, readonly string[]> {
  return Object.fromEntries(parseDeployManifest(raw).refused);
}

describe('parseDeployManifest', () => {
  it('reads every widget with its container, version, entry and integrity', () => {
    const manifest = parseDeployManifest(valid);
    expect([...manifest.widgets.keys()]).toEqual(['dialpad', 'call-log', 'presence']);
    expect(manifest.widgets.get('call-log')).toEqual({
      id: 'call-log',
      container: 'patchbay_call_log',
      version: '2.0.0-beta.1',
      entry: 'http://127.0.0.1:5172/2.0.0/remoteEntry.js',
      integrity: PIN2,
      contract: '1.0.0',
      preload: [],
    });
    expect(manifest.warnings).toEqual([]);
  });

  it("reads the chunks to preload from the entry's origin, each with its pin", () => {
    const preload = [{ url: 'https://w.example.com/dialpad/1.2.0/__federation_expose_widget.1a2b3c4d.js', integrity: PIN2 }];
    const manifest = parseDeployManifest({ ...valid, widgets: { dialpad: { ...valid.widgets.dialpad, preload } } });
    expect(manifest.widgets.get('dialpad')?.preload).toEqual(preload);
    expect(manifest.warnings).toEqual([]);
  });

  it('sets aside a preload list it cannot use, says why, and still reads the widget', () => {
    const chunk = (url: unknown, integrity: unknown = PIN) => ({ url, integrity });
    const withPreload = (preload: unknown) => ({ ...valid.widgets.dialpad, preload });
    const manifest = parseDeployManifest({
      schemaVersion: 2,
      widgets: {
        a: withPreload('https://w.example.com/dialpad/1.2.0/chunk.js'),
        b: withPreload([chunk('https://elsewhere.example.com/chunk.js')]),
        c: withPreload([chunk('https://w.example.com/dialpad/1.2.0/chunk.css')]),
        d: withPreload([chunk('https://w.example.com/dialpad/1.2.0/chunk.js', `${PIN} ${PIN2}`)]),
        e: withPreload([{ url: 'https://w.example.com/dialpad/1.2.0/chunk.js' }]),
        f: withPreload(Array.from({ length: 9 }, () => chunk('https://w.example.com/dialpad/1.2.0/chunk.js'))),
        g: withPreload([null]),
      },
    });
    expect([...manifest.widgets.keys()]).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect([...manifest.widgets.values()].map((widget) => widget.preload)).toEqual(Array(7).fill([]));
    expect(manifest.refused.size).toBe(0);
    const why = 'its preload list is set aside (the widget loads without it)';
    expect(manifest.warnings).toEqual([
      `a: ${why}: preload must be a list of { url, integrity }`,
      `b: ${why}: preload "https://elsewhere.example.com/chunk.js" must be a .js URL on the entry's origin https://w.example.com`,
      `c: ${why}: preload "https://w.example.com/dialpad/1.2.0/chunk.css" must be a .js URL on the entry's origin https://w.example.com`,
      `d: ${why}: preload https://w.example.com/dialpad/1.2.0/chunk.js needs its integrity as "sha384-" and 64 base64 characters`,
      `e: ${why}: preload https://w.example.com/dialpad/1.2.0/chunk.js needs its integrity as "sha384-" and 64 base64 characters`,
      `f: ${why}: preload lists 9 chunks; at most 8`,
      `g: ${why}: preload undefined must be a .js URL on the entry's origin https://w.example.com`,
    ]);
  });

  it('rejects what is not a manifest', () => {
    expect(problemsOf(null)).toEqual(['the manifest must be a JSON object']);
    expect(problemsOf([])).toEqual(['the manifest must be a JSON object']);
    expect(problemsOf({ schemaVersion: 2 })).toEqual(['widgets must be an object keyed by widget id']);
  });

  it('rejects an unknown schema version', () => {
    expect(problemsOf({ ...valid, schemaVersion: 3 })).toEqual(['schemaVersion must be 2 (got 3)']);
  });

  it('refuses schema 1, which pins no code, and says how to move on', () => {
    const { integrity: _, ...unpinned } = valid.widgets.dialpad;
    expect(problemsOf({ schemaVersion: 1, widgets: { dialpad: unpinned } })).toEqual(['schemaVersion 1 is no longer read: it pins no integrity; publish each widget again to write schemaVersion 2']);
  });

  it('refuses an entry that does not say which contract release it was built for', () => {
    const { contract: _, ...undeclared } = valid.widgets.presence;
    expect(refusedOf({ ...valid, widgets: { presence: undeclared, dialpad: { ...valid.widgets.dialpad, contract: '1' } } })).toEqual({
      presence: ['contract is missing: publish the widget again; publishing records the contract release it was built for'],
      dialpad: ['contract "1" must be the semantic version of the @patchbay/contract release the widget was built for'],
    });
  });

  it('refuses a bad entry alone: the others are read', () => {
    const { integrity: _, ...unpinned } = valid.widgets.presence;
    const manifest = parseDeployManifest({ ...valid, widgets: { ...valid.widgets, presence: unpinned } });
    expect([...manifest.widgets.keys()]).toEqual(['dialpad', 'call-log']);
    expect([...manifest.refused.keys()]).toEqual(['presence']);
  });

  it('refuses an entry without integrity, or with one a browser would not enforce as a sha384 pin', () => {
    const { integrity: _, ...unpinned } = valid.widgets.presence;
    const withIntegrity = (integrity: unknown) => ({ ...valid.widgets.dialpad, integrity });
    const refused = refusedOf({
      schemaVersion: 2,
      widgets: {
        presence: unpinned,
        a: withIntegrity(''),
        b: withIntegrity(PIN.replace('sha384-', 'sha256-')),
        c: withIntegrity(PIN.slice(0, -1)),
        d: withIntegrity(`${PIN} ${PIN2}`),
        e: withIntegrity(`${PIN}?`),
        f: withIntegrity(48),
      },
    });
    expect(refused['presence']).toEqual(['integrity is missing: publishing a widget pins the sha384 hash of its remoteEntry.js, and an unpinned widget is not loaded']);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
      expect(refused[id]).toEqual([expect.stringMatching(/^integrity .* must be "sha384-" followed by the base64 SHA-384 digest/)]);
    }
  });

  it('reports every bad field of every widget at once', () => {
    const refused = refusedOf({
      schemaVersion: 2,
      widgets: {
        Dialpad: { container: 'patchbay_dialpad', version: '1.0.0', entry: 'https://w.example.com/a/remoteEntry.js', integrity: PIN, contract: '1.0.0' },
        'call-log': { container: 'call-log', version: 'latest', entry: 'ftp://w.example.com/x.json', integrity: PIN, contract: '1.0.0' },
        presence: { container: 'patchbay_presence', version: '1.0.0', entry: '/relative/remoteEntry.js', integrity: PIN, contract: '1.0.0' },
        other: 'https://w.example.com/x.json',
        page: { container: 'p', version: '1.0.0', entry: 'https://w.example.com/index.html', integrity: PIN, contract: '1.0.0' },
      },
    });
    expect(refused).toEqual({
      Dialpad: ['a widget id is 1-40 lower-case letters, digits and dashes, starting with a letter'],
      'call-log': ['container must be a JavaScript identifier', 'version must be a semantic version', 'entry "ftp://w.example.com/x.json" must be http(s)'],
      presence: ['entry "/relative/remoteEntry.js" is not an absolute URL'],
      other: ['must be an object'],
      page: ['entry "https://w.example.com/index.html" must be the remote\'s .js container entry (remoteEntry.js)'],
    });
  });
});

describe('selectWidgets', () => {
  const manifest = parseDeployManifest({
    ...valid,
    widgets: {
      ...valid.widgets,
      broken: { ...valid.widgets.dialpad, version: 'latest' },
      next: { ...valid.widgets.dialpad, version: '3.0.0', contract: '2.0.0' },
      newer: { ...valid.widgets.dialpad, version: '1.1.0', contract: `1.${Number(CONTRACT_SEMVER.split('.')[1]) + 1}.0` },
      older: { ...valid.widgets.dialpad, version: '0.9.0', contract: `${CONTRACT_SEMVER.split('.')[0]}.0.0` },
    },
  });
  const planned = (enabled: string[]) => {
    const { plans, unusable } = selectWidgets(enabled, manifest);
    return { plans: plans.map((plan) => (plan.deployment ? plan.id : `${plan.id}: ${plan.refusal.code}: ${plan.refusal.message}`)), unusable };
  };

  it('loads only the listed widgets, in the call center order', () => {
    expect(planned(['presence', 'dialpad'])).toEqual({ plans: ['presence', 'dialpad'], unusable: [] });
  });

  it('loads nothing when nothing is listed', () => {
    expect(planned([])).toEqual({ plans: [], unusable: [] });
  });

  it('gives a listed widget the manifest lacks, or whose entry is refused, a slot that says why, and loads the rest', () => {
    expect(planned(['dialpad', 'wallboard', 'broken']).plans).toEqual([
      'dialpad',
      'wallboard: WIDGET-MISSING: enabled for this call center but absent from the deploy manifest',
      'broken: WIDGET-ENTRY: its deploy manifest entry is refused: version must be a semantic version',
    ]);
  });

  it('refuses, before fetching its code, a widget built for another contract major or a newer minor, and says what to do', () => {
    const [major, minor] = CONTRACT_SEMVER.split('.');
    expect(planned(['next', 'newer', 'older']).plans).toEqual([
      `next: WIDGET-CONTRACT: next@3.0.0 built for contract 2.0.0; this softphone speaks contract ${CONTRACT_SEMVER}, and a new major changes messages incompatibly: publish a build for contract ${major}.x`,
      `newer: WIDGET-CONTRACT: newer@1.1.0 built for contract ${major}.${Number(minor) + 1}.0, newer than this softphone's ${CONTRACT_SEMVER}: update the shell, or publish a build for contract ${major}.${minor} or older`,
      'older',
    ]);
  });

  it('names each listed item that is no widget id, and a widget listed twice, and mounts it once', () => {
    expect(planned(['dialpad', 'Call Log', 'dialpad'])).toEqual({
      plans: ['dialpad'],
      unusable: [
        '"Call Log" is not a widget id (a widget id is 1-40 lower-case letters, digits and dashes, starting with a letter)',
        '"dialpad" is listed more than once; it is mounted once, where it is first listed',
      ],
    });
  });
});
