/**
 * Where Salesforce's documented behaviour has more than one form, which one the simulated org
 * shows. Its admin page and `PUT /api/behaviour` change it, so a softphone is tried against each.
 */

/**
 * How searchAndScreenPop() for Lightning Experience returns a match: the guide's example shows
 * both `{ Id, LastModifiedDate, Name, RecordType }` and `{ Name, object, displayName }` (no
 * RecordType, no Id).
 */
export const LIGHTNING_SEARCH_RESULTS = ['RecordType', 'object'] as const;

export interface OrgBehaviour {
  lightningSearchResults: (typeof LIGHTNING_SEARCH_RESULTS)[number];
}

export const DEFAULT_BEHAVIOUR: OrgBehaviour = { lightningSearchResults: 'RecordType' };

/** The changes `patch` asks for, or a message saying what is wrong with it. */
export function readBehaviourPatch(patch: unknown): Partial<OrgBehaviour> | string {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return 'the behaviour must be an object';
  const { lightningSearchResults, ...rest } = patch as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return `unknown behaviour: ${unknown.join(', ')}`;
  if (lightningSearchResults === undefined) return {};
  if (!LIGHTNING_SEARCH_RESULTS.includes(lightningSearchResults as OrgBehaviour['lightningSearchResults'])) {
    return `lightningSearchResults must be one of ${LIGHTNING_SEARCH_RESULTS.join(', ')}`;
  }
  return { lightningSearchResults: lightningSearchResults as OrgBehaviour['lightningSearchResults'] };
}
