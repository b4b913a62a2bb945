/**
 * Saves a call's one Task. Salesforce's saveLog creates a record each time it is called without
 * an Id, so the saver remembers (in a store that survives a reload) which Task each call created,
 * asks Salesforce for one created earlier whose answer was lost, and runs the saves of one call
 * one after another, so a second save never creates a second Task. Later saves of the same call
 * update that Task with their own fields, without the fields Salesforce takes only on create; a
 * field a save leaves out keeps its value in the Task.
 */
import type { CallTask } from './task.js';
import type { OpenCti } from './types.js';

/** Remembers idempotency key → Task id. */
export interface SavedLogStore {
  get(key: string): string | null;
  set(key: string, recordId: string): void;
}

/** Looks a Task up by the call it logs (CallObject), for a save whose answer never came back. */
export type FindExistingTask = (task: CallTask) => Promise<string | null>;

export interface SaveOutcome {
  recordId: string;
  /** False when an earlier save of this call had already created the Task. */
  created: boolean;
}

export interface CallLogSaver {
  save(task: CallTask): Promise<SaveOutcome>;
}

export function createCallLogSaver(openCti: OpenCti, store: SavedLogStore, findExisting?: FindExistingTask): CallLogSaver {
  const turns = new Map<string, Promise<unknown>>();

  const saveOnce = async (task: CallTask): Promise<SaveOutcome> => {
    const known = store.get(task.idempotencyKey) ?? (findExisting ? await findExisting(task) : null);
    if (known !== null) {
      store.set(task.idempotencyKey, known);
      await openCti.saveLog({ entityApiName: task.entityApiName, id: known, fields: task.fields });
      return { recordId: known, created: false };
    }
    const recordId = await openCti.saveLog({ entityApiName: task.entityApiName, fields: { ...task.createOnlyFields, ...task.fields } });
    store.set(task.idempotencyKey, recordId);
    return { recordId, created: true };
  };

  return {
    save(task) {
      // Each save of a call waits for the one before (whatever its end): it then finds the Task.
      const attempt = (turns.get(task.idempotencyKey) ?? Promise.resolve()).catch(() => undefined).then(() => saveOnce(task));
      turns.set(task.idempotencyKey, attempt);
      void attempt.then(
        () => (turns.get(task.idempotencyKey) === attempt ? turns.delete(task.idempotencyKey) : undefined),
        () => (turns.get(task.idempotencyKey) === attempt ? turns.delete(task.idempotencyKey) : undefined),
      );
      return attempt;
    },
  };
}

/** A store in Web Storage (localStorage survives a reload and is shared by the agent's tabs). */
export function webStorageLogStore(storage: Storage, prefix = 'patchbay.savedLog.'): SavedLogStore {
  return {
    get: (key) => storage.getItem(prefix + key),
    set: (key, recordId) => storage.setItem(prefix + key, recordId),
  };
}

export function memoryLogStore(): SavedLogStore {
  const entries = new Map<string, string>();
  return { get: (key) => entries.get(key) ?? null, set: (key, recordId) => void entries.set(key, recordId) };
}

/** Apex class shipped in force-app (PatchbayCallLog): finds the Task whose CallObject is the call id. */
export const CALL_LOG_APEX = { apexClass: 'PatchbayCallLog', methodName: 'findTaskByCallObject' } as const;

export function findTaskViaApex(openCti: OpenCti): FindExistingTask {
  return async (task) => {
    const callObject = String(task.fields.CallObject ?? '');
    const found = await openCti.runApex({ ...CALL_LOG_APEX, methodParams: { callObject } });
    return typeof found === 'string' && found !== '' ? found : null;
  };
}
