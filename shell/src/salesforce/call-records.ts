import { taskRelations, type SearchMatch, type TaskRelations } from '@patchbay/opencti';

/** A click-to-dial starts its call within moments; a record older than this belongs to no call. */
const CLICK_TO_CALL_MS = 5000;
const REMEMBERED_CALLS = 50;

const STORAGE_KEY = 'patchbay.call-records';

/** Where the records live: localStorage in the shell, which every tab of the agent shares. */
export type RecordStore = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Which Salesforce record each call concerns: from click-to-dial, a single match, or the agent's
 * choice. Kept in storage the agent's tabs share and read afresh each time: the tab that files
 * the Task (the one that owns the phone) learns a record the agent chose in another tab, and a
 * call that ended before a reload is filed after it with its record.
 */
export class CallRecords {
  private pendingOutbound: { record: SearchMatch; at: number } | null = null;

  constructor(
    private readonly now: () => number,
    private readonly store: RecordStore,
  ) {}

  /** The record the agent clicked to dial; it belongs to the outbound call that click starts. */
  dialling(record: SearchMatch | null): void {
    this.pendingOutbound = record ? { record, at: this.now() } : null;
  }

  /**
   * A new outbound call takes the record of the click that started it, if the click was just now.
   * False when there was none: the call was dialled another way (the keypad).
   */
  outboundStarted(callId: string): boolean {
    const pending = this.pendingOutbound;
    this.pendingOutbound = null;
    if (!pending || this.now() - pending.at > CLICK_TO_CALL_MS) return false;
    this.set(callId, pending.record);
    return true;
  }

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
