/** The simulated org's data: contacts, accounts and a lead with phone numbers, a case, and the Tasks saveLog creates. */

export interface SimRecord {
  Id: string;
  objectType: 'Contact' | 'Account' | 'Lead' | 'Case';
  Name: string;
  /** Cases have none: they are found by viewing them, not by a caller's number. */
  Phone?: string;
}

/**
 * Chosen so a search by number finds one record (Ada), several (the Hoppers share a number) or
 * none (+1 415 555 0303), so a call can concern a record that is neither a person nor an
 * account (the case), and so a click-to-dial can carry an extension (the consultancy's switchboard,
 * on Ada's line, which a search for her number does not find).
 */
export const SEED_RECORDS: readonly SimRecord[] = [
  { Id: '003000000000001AAA', objectType: 'Contact', Name: 'Ada Lovelace', Phone: '+1 (415) 555-0101' },
  { Id: '003000000000002AAA', objectType: 'Contact', Name: 'Grace Hopper', Phone: '+1 (415) 555-0202' },
  { Id: '001000000000001AAA', objectType: 'Account', Name: 'Hopper Industries', Phone: '+1 415 555 0202' },
  { Id: '001000000000002AAA', objectType: 'Account', Name: 'Analytical Engines Ltd', Phone: '+44 20 7946 0958' },
  { Id: '001000000000003AAA', objectType: 'Account', Name: 'Lovelace Consulting', Phone: '+1 (415) 555-0101 x42' },
  { Id: '00Q000000000001AAA', objectType: 'Lead', Name: 'Alan Turing', Phone: '2041' },
  { Id: '500000000000001AAA', objectType: 'Case', Name: 'Invoice question' },
];

export const ID_PREFIX: Record<string, string> = { Contact: '003', Account: '001', Lead: '00Q', Case: '500', Task: '00T' };

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * Salesforce's phone search matches the number however it is formatted; the last ten digits are
 * compared so "+1 415..." finds "(415)...".
 */
export function searchRecords(records: readonly SimRecord[], query: string): SimRecord[] {
  const trimmed = query.trim();
  const digits = digitsOf(trimmed);
  if (digits.length >= 3 && !/[a-z]/i.test(trimmed)) {
    const tail = digits.slice(-10);
    return records.filter((r) => r.Phone !== undefined && digitsOf(r.Phone).slice(-10) === tail);
  }
  const needle = trimmed.toLowerCase();
  if (needle.length < 2) return [];
  return records.filter((r) => r.Name.toLowerCase().includes(needle));
}
