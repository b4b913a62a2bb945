import { describe, expect, it } from 'vitest';
import { DeployManifestError, parseDeployManifest } from '../../shell/src/widgets/deploy-manifest.js';
import { selectWidgets } from '../../shell/src/widgets/select.js';

// Pins of the right form: "sha384-" and 64 base64 characters (a 48-byte digest).
const PIN = `sha384-${'A'.repeat(64)}`;
const PIN2 = `sha384-${'a+/9'.repeat(16)}`;

const valid = {
  schemaVersion: 2,
  widgets: {
    dialpad: { container: 'patchbay_dialpad', version: '1.2.0', entry: 'https://w.example.com/dialpad/1.2.0/remoteEntry.js', integrity: PIN },
    'call-log': { container: 'patchbay_call_log', version: '2.0.0-beta.1', entry: 'http://127.0.0.1:5172/2.0.0/remoteEntry.js', integrity: PIN2 },
    presence: { container: 'patchbay_presence', version: '1.0.0', entry: 'https://w.example.com/presence/1.0.0/remoteEntry.js', integrity: PIN },
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
    });
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
    expect(problemsOf({ schemaVersion: 1, widgets: { dialpad: unpinned } })).toEqual([
      'schemaVersion 1 is no longer read: it pins no integrity; publish each widget again to write schemaVersion 2',
      'widgets.dialpad.integrity is missing: publishing a widget pins the sha384 hash of its remoteEntry.js, and an unpinned widget is not loaded',
    ]);
  });

  it('refuses an entry without integrity, or with one a browser would not enforce as a sha384 pin', () => {
    const { integrity: _, ...unpinned } = valid.widgets.presence;
    const withIntegrity = (integrity: unknown) => ({ ...valid.widgets.dialpad, integrity });
    const problems = problemsOf({
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
    expect(problems[0]).toBe(
      'widgets.presence.integrity is missing: publishing a widget pins the sha384 hash of its remoteEntry.js, and an unpinned widget is not loaded',
    );
    expect(problems.slice(1)).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => expect.stringMatching(new RegExp(`^widgets\\.${id}\\.integrity .* must be "sha384-" followed by the base64 SHA-384 digest`))),
    );
  });

  it('reports every bad field of every widget at once', () => {
    const problems = problemsOf({
      schemaVersion: 2,
      widgets: {
        Dialpad: { container: 'patchbay_dialpad', version: '1.0.0', entry: 'https://w.example.com/a/remoteEntry.js', integrity: PIN },
        'call-log': { container: 'call-log', version: 'latest', entry: 'ftp://w.example.com/x.json', integrity: PIN },
        presence: { container: 'patchbay_presence', version: '1.0.0', entry: '/relative/remoteEntry.js', integrity: PIN },
        other: 'https://w.example.com/x.json',
        page: { container: 'p', version: '1.0.0', entry: 'https://w.example.com/index.html', integrity: PIN },
      },
    });
    expect(problems).toEqual([
      'widgets.Dialpad: widget id must be lower-case letters, digits and dashes',
      'widgets.call-log.container must be a JavaScript identifier',
      'widgets.call-log.version must be a semantic version',
      'widgets.call-log.entry "ftp://w.example.com/x.json" must be http(s)',
      'widgets.presence.entry "/relative/remoteEntry.js" is not an absolute URL',
      'widgets.other must be an object',
      'widgets.page.entry "https://w.example.com/index.html" must be the remote\'s .js container entry (remoteEntry.js)',
    ]);
  });
});

describe('selectWidgets', () => {
  const manifest = parseDeployManifest(valid);

  it('loads only the enabled widgets, in the call center order', () => {
    const selection = selectWidgets(['presence', 'dialpad'], manifest);
    expect(selection.load.map((w) => w.id)).toEqual(['presence', 'dialpad']);
    expect(selection.missing).toEqual([]);
  });

  it('loads nothing when nothing is enabled', () => {
    expect(selectWidgets([], manifest)).toEqual({ load: [], missing: [] });
  });

  it('reports enabled widgets that are not deployed instead of loading them', () => {
    const selection = selectWidgets(['dialpad', 'wallboard'], manifest);
    expect(selection.load.map((w) => w.id)).toEqual(['dialpad']);
    expect(selection.missing).toEqual(['wallboard']);
  });

  it('counts a widget enabled twice once', () => {
    expect(selectWidgets(['dialpad', 'dialpad'], manifest).load).toHaveLength(1);
  });
});
