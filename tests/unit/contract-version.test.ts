import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_SEMVER, CONTRACT_VERSION, SUBJECT_ROOT } from '@patchbay/contract';

describe('the contract release', () => {
  it('is the package version, its major is the version in the subjects, and CHANGELOG.md records it', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../packages/contract/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(CONTRACT_SEMVER).toBe(pkg.version);
    expect(CONTRACT_SEMVER.split('.')[0]).toBe(String(CONTRACT_VERSION));
    expect(SUBJECT_ROOT).toBe(`pb.v${CONTRACT_VERSION}`);
    expect(readFileSync(new URL('../../packages/contract/CHANGELOG.md', import.meta.url), 'utf8')).toContain(`## ${CONTRACT_SEMVER}`);
  });
});
