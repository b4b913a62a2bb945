import type { SearchMatch } from '@patchbay/opencti';

/** A click-to-dial starts its call within moments; a record older than this belongs to no call. */
const CLICK_TO_CALL_MS = 5000;
const REMEMBERED_CALLS = 50;

const STORAGE_KEY = 'patchbay.call-records';

/** Where the records outlive a reload: the tab's sessionStorage in the shell. */
export type RecordStore = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Which Salesforce record each call concerns: from click-to-dial, a single match, or the agent's
 * choice. Kept in the tab's session storage, because a reload ends the call and its Task is
 * filed after the reload: it must still name the record.
 */
export class CallRecords {
  private readonly byCall: Map<string, SearchMatch>;
  private pendingOutbound: { record: SearchMatch; at: number } | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly store: RecordStore | null = null,
  ) {
    this.byCall = new Map(readStored(store));
  }

  /** The record the agent clicked to dial; it belongs to the outbound call that click starts. */
  dialling(record: SearchMatch | null): void {
    this.pendingOutbound = record ? { record, at: this.now() } : null;
  }

  /** A new outbound call takes the record of the click that started it, if the click was just now. */
  outboundStarted(callId: string): void {
    const pending = this.pendingOutbound;
    this.pendingOutbound = null;
    if (pending && this.now() - pending.at <= CLICK_TO_CALL_MS) this.set(callId, pending.record);
  }

  set(callId: string, record: SearchMatch): void {
    this.byCall.set(callId, record);
    if (this.byCall.size > REMEMBERED_CALLS) this.byCall.delete(this.byCall.keys().next().value as string);
    try {
      this.store?.setItem(STORAGE_KEY, JSON.stringify([...this.byCall]));
    } catch {
      // A full or refused storage only loses the link after a reload; the call goes on.
    }
  }

  /** whoId for people (Contact, Lead), whatId for everything else (Account, Case…). */
  taskLinks(callId: string): { whoId: string | null; whatId: string | null } {
    const record = this.byCall.get(callId);
    if (!record) return { whoId: null, whatId: null };
    const person = record.objectType === 'Contact' || record.objectType === 'Lead';
    return person ? { whoId: record.id, whatId: null } : { whoId: null, whatId: record.id };
  }
}

/** What a previous page of this tab stored; anything unreadable counts as nothing. */
function readStored(store: RecordStore | null): Array<[string, SearchMatch]> {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is [string, SearchMatch] =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        typeof entry[1] === 'object' &&
        entry[1] !== null &&
        typeof (entry[1] as SearchMatch).id === 'string',
    );
  } catch {
    return [];
  }
}
