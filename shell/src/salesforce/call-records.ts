import type { SearchMatch } from '@patchbay/opencti';

/** Which Salesforce record each call concerns: from click-to-dial, a single match, or the agent's choice. */
export class CallRecords {
  private readonly byCall = new Map<string, SearchMatch>();
  private pendingOutbound: SearchMatch | null = null;

  /** The record the agent clicked to dial; it belongs to the next outbound call. */
  dialling(record: SearchMatch | null): void {
    this.pendingOutbound = record;
  }

  /** A new outbound call takes the record of the click that started it. */
  outboundStarted(callId: string): void {
    if (this.pendingOutbound && !this.byCall.has(callId)) this.byCall.set(callId, this.pendingOutbound);
    this.pendingOutbound = null;
  }

  set(callId: string, record: SearchMatch): void {
    this.byCall.set(callId, record);
  }

  /** whoId for people (Contact, Lead), whatId for everything else (Account, Case…). */
  taskLinks(callId: string): { whoId: string | null; whatId: string | null } {
    const record = this.byCall.get(callId);
    if (!record) return { whoId: null, whatId: null };
    const person = record.objectType === 'Contact' || record.objectType === 'Lead';
    return person ? { whoId: record.id, whatId: null } : { whoId: null, whatId: record.id };
  }
}
