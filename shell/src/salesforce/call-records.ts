import { taskRelations, type SearchMatch, type TaskRelations } from '@patchbay/opencti';

const REMEMBERED_CALLS = 50;

const STORAGE_KEY = 'patchbay.call-records';

/** Where the records live: localStorage in the shell, which every tab of the agent shares. */
export type RecordStore = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The record a click-to-dial call was dialled from, as its snapshot names it: with the name and
 * type the click gave when it was that record's click, else by its id alone (its key prefix then
 * says WhoId or WhatId).
 */
export function dialledRecord(recordId: string, clicked: SearchMatch | null): SearchMatch {
  return clicked?.id === recordId ? clicked : { id: recordId, name: null, objectType: null };
}

/**
 * Which Salesforce record each call concerns: the one it was dialled from (its snapshot's
 * `recordId`), a single match, or the agent's choice. Kept in storage the agent's tabs share and
 * read afresh each time: the tab that files the Task (the one that owns the phone) learns a
 * record the agent chose in another tab, and a call that ended before a reload is filed after it
 * with its record.
 */
export class CallRecords {
  constructor(private readonly store: RecordStore) {}

  set(callId: string, record: SearchMatch): void {
    const byCall = new Map(readStored(this.store));
    byCall.delete(callId);
    byCall.set(callId, record);
    if (byCall.size > REMEMBERED_CALLS) byCall.delete(byCall.keys().next().value as string);
    try {
      this.store.setItem(STORAGE_KEY, JSON.stringify([...byCall]));
    } catch {
      // A full or refused storage loses the link (the Task goes without it); the call goes on.
    }
  }

  /** The call's record as the Task's WhoId (Contact, Lead) or WhatId (Account, Case…). */
  taskLinks(callId: string): TaskRelations {
    return taskRelations(new Map(readStored(this.store)).get(callId) ?? null);
  }
}

/** What the agent's tabs stored; anything unreadable counts as nothing. */
function readStored(store: RecordStore): Array<[string, SearchMatch]> {
  try {
    const parsed: unknown = JSON.parse(store.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is [string, SearchMatch] =>
        Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'object' && entry[1] !== null && typeof (entry[1] as SearchMatch).id === 'string',
    );
  } catch {
    return [];
  }
}
