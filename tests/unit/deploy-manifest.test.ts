import { describe, expect, it } from 'vitest';
import { DeployManifestError, parseDeployManifest } from '../../shell/src/widgets/deploy-manifest.js';
import { selectWidgets } from '../../shell/src/widgets/select.js';

const valid = {
  schemaVersion: 1,
  widgets: {
    dialpad: { container: 'patchbay_dialpad', version: '1.2.0', entry: 'https://w.example.com/dialpad/1.2.0/remoteEntry.js' },
    'call-log': { container: 'patchbay_call_log', version: '2.0.0-beta.1', entry: 'http://127.0.0.1:5172/2.0.0/remoteEntry.js' },
    presence: { container: 'patchbay_presence', version: '1.0.0', entry: 'https://w.example.com/presence/1.0.0/remoteEntry.js' },
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
  it('reads every widget with its container, version and entry', () => {
    const manifest = parseDeployManifest(valid);
    expect([...manifest.widgets.keys()]).toEqual(['dialpad', 'call-log', 'presence']);
    expect(manifest.widgets.get('call-log')).toEqual({
      id: 'call-log',
      container: 'patchbay_call_log',
      version: '2.0.0-beta.1',
      entry: 'http://127.0.0.1:5172/2.0.0/remoteEntry.js',
    });
  });

  it('rejects what is not a manifest', () => {
    expect(problemsOf(null)).toEqual(['the manifest must be a JSON object']);
    expect(problemsOf([])).toEqual(['the manifest must be a JSON object']);
    expect(problemsOf({ schemaVersion: 1 })).toEqual(['widgets must be an object keyed by widget id']);
  });

  it('rejects an unknown schema version', () => {
    expect(problemsOf({ ...valid, schemaVersion: 2 })).toEqual(['schemaVersion must be 1 (got 2)']);
  });

  it('reports every bad field of every widget at once', () => {
    const problems = problemsOf({
      schemaVersion: 1,
      widgets: {
        Dialpad: { container: 'patchbay_dialpad', version: '1.0.0', entry: 'https://w.example.com/a/remoteEntry.js' },
        'call-log': { container: 'call-log', version: 'latest', entry: 'ftp://w.example.com/x.json' },
        presence: { container: 'patchbay_presence', version: '1.0.0', entry: '/relative/remoteEntry.js' },
        other: 'https://w.example.com/x.json',
        page: { container: 'p', version: '1.0.0', entry: 'https://w.example.com/index.html' },
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
