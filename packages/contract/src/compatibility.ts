import { CONTRACT_SEMVER } from './version.js';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]+)?$/;

export function isContractSemver(value: string): boolean {
  return SEMVER.test(value);
}

/**
 * Why code built for contract release `wanted` cannot run against release `provided`, or null when
 * it can: the same major, and at least the minor it was built for (a minor adds what it may use).
 */
export function contractMismatch(wanted: string, provided: string = CONTRACT_SEMVER): string | null {
  const want = SEMVER.exec(wanted);
  const have = SEMVER.exec(provided);
  if (!want || !have) return `contract release ${JSON.stringify(wanted)} is not a semantic version`;
  const [, wantMajor, wantMinor] = want.map(Number);
  const [, haveMajor, haveMinor] = have.map(Number);
  if (wantMajor !== haveMajor)
    return `built for contract ${wanted}; this softphone speaks contract ${provided}, and a new major changes messages incompatibly: publish a build for contract ${haveMajor}.x`;
  if (wantMinor! > haveMinor!) return `built for contract ${wanted}, newer than this softphone's ${provided}: update the shell, or publish a build for contract ${haveMajor}.${haveMinor} or older`;
  return null;
}
