/**
 * A finished call as the Salesforce Task that logs it. The call id goes in CallObject and in the
 * idempotency key, so saving the same call twice updates one Task instead of creating two.
 */
import { InvalidCallLogError } from './errors.js';
import type { CallType } from './types.js';

export interface FinishedCall {
  /** Stable id of the call; becomes CallObject and the idempotency key. */
  callId: string;
  callType: CallType;
  remoteNumber: string;
  /** Epoch ms the call was answered; null if it never connected. */
  connectedAt: number | null;
  endedAt: number;
  /** Left out, the Task's CallDisposition is not set (an update keeps the one it has). */
  disposition?: string;
  /** Left out, the Task's Description is not set (an update keeps the one it has); '' empties it. */
  notes?: string;
  subject?: string;
  /** The Contact or Lead the call concerns. */
  whoId?: string | null;
  /** The Account, Case, Opportunity, ... the call concerns. */
  whatId?: string | null;
}

export interface CallTask {
  /** The same for every save of one call. */
  idempotencyKey: string;
  entityApiName: 'Task';
  /** Sent on create and on every update. */
  fields: Record<string, string | number>;
  /** Sent on create only: Salesforce refuses them in an update. */
  createOnlyFields: Record<string, string>;
}

/** Task.CallType picklist values. */
const CALL_TYPE_VALUES: Record<CallType, string> = { inbound: 'Inbound', outbound: 'Outbound', internal: 'Internal' };
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
/** Task text fields (Subject, CallObject, CallDisposition) hold 255 characters. */
const TEXT_MAX = 255;

export function idempotencyKeyForCall(callId: string): string {
  return `patchbay-call:${callId}`;
}

export function taskForFinishedCall(call: FinishedCall): CallTask {
  const problems: string[] = [];
  const subject = call.subject ?? `Call ${CALL_TYPE_VALUES[call.callType] ?? ''} ${call.remoteNumber}`.trim();
  if (call.callId.trim() === '') problems.push('callId is empty');
  if (!(call.callType in CALL_TYPE_VALUES)) problems.push(`callType ${JSON.stringify(call.callType)} is not inbound, outbound or internal`);
  for (const [name, value] of [
    ['callId', call.callId],
    ['disposition', call.disposition ?? ''],
    ['subject', subject],
  ] as const) {
    if (value.length > TEXT_MAX) problems.push(`${name} is longer than ${TEXT_MAX} characters`);
  }
  if (call.disposition !== undefined && call.disposition.trim() === '') problems.push('disposition is empty');
  for (const [name, value] of [
    ['whoId', call.whoId],
    ['whatId', call.whatId],
  ] as const) {
    if (value != null && !SALESFORCE_ID.test(value)) problems.push(`${name} ${JSON.stringify(value)} is not a Salesforce record id`);
  }
  if (!Number.isFinite(call.endedAt)) problems.push('endedAt is not a time');
  if (call.connectedAt !== null && call.connectedAt > call.endedAt) problems.push('connectedAt is after endedAt');
  if (problems.length > 0) throw new InvalidCallLogError(problems);

  const talkMs = call.connectedAt === null ? 0 : call.endedAt - call.connectedAt;
  const fields: Record<string, string | number> = {
    Subject: subject,
    CallType: CALL_TYPE_VALUES[call.callType],
    CallDurationInSeconds: Math.round(talkMs / 1000),
    CallObject: call.callId,
    Status: 'Completed',
    ActivityDate: new Date(call.endedAt).toISOString().slice(0, 10),
  };
  // Only the log's fields that were given: an update of the Task changes what it sends and keeps
  // the rest (saveLog with an Id), so one part of the log never erases another's.
  if (call.disposition !== undefined) fields.CallDisposition = call.disposition;
  if (call.notes !== undefined) fields.Description = call.notes;
  if (call.whoId) fields.WhoId = call.whoId;
  if (call.whatId) fields.WhatId = call.whatId;
  // Task object reference: TaskSubtype is Create, not Update ("This field isn't updateable").
  return { idempotencyKey: idempotencyKeyForCall(call.callId), entityApiName: 'Task', fields, createOnlyFields: { TaskSubtype: 'Call' } };
}
