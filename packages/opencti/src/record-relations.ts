/**
 * Which Task field a record belongs in. Task.WhoId takes a person, a Contact or a Lead; Task.WhatId
 * takes the other records a call can concern: Account, Opportunity, Case, Campaign, Contract, a
 * custom object… (Task object reference). The object type comes from what Salesforce says about
 * the record, which is not always there: searchAndScreenPop() for Lightning Experience shows
 * entries without RecordType, searchAndScreenPop() for Salesforce Classic returns a single field
 * when several records match, and a click-to-dial payload may lack `object`. Then the type comes
 * from the id's key prefix, the first three characters of every record id (Apex Reference:
 * DescribeSObjectResult.getKeyPrefix; the table is Salesforce Help's knowledge article 000385203).
 */

/** Key prefixes of the standard objects a call is about; case matters (00Q is Lead). */
const KEY_PREFIXES: Readonly<Record<string, string>> = {
  '001': 'Account',
  '003': 'Contact',
  '006': 'Opportunity',
  '00Q': 'Lead',
  '500': 'Case',
  '501': 'Solution',
  '701': 'Campaign',
  '800': 'Contract',
  '801': 'Order',
  '02i': 'Asset',
  '01t': 'Product2',
};

const PEOPLE: ReadonlySet<string> = new Set(['Contact', 'Lead']);

/** The standard object a record id belongs to, from its key prefix; null for one not listed. */
export function objectTypeOfId(id: string): string | null {
  return KEY_PREFIXES[id.slice(0, 3)] ?? null;
}

export interface RelatedRecord {
  id: string;
  /** As Salesforce named it (RecordType, object, objectType); null when it did not. */
  objectType: string | null;
}

export interface TaskRelations {
  whoId: string | null;
  whatId: string | null;
}

/**
 * WhoId for a Contact or Lead, WhatId for any other named type. A record whose type is neither
 * named nor known by its prefix relates to nothing: Salesforce refuses the whole saveLog for an
 * id of the wrong type, and an unrelated Task is better than none.
 */
export function taskRelations(record: RelatedRecord | null): TaskRelations {
  const type = record === null ? null : (record.objectType ?? objectTypeOfId(record.id));
  if (record === null || type === null) return { whoId: null, whatId: null };
  return PEOPLE.has(type) ? { whoId: record.id, whatId: null } : { whoId: null, whatId: record.id };
}
