/**
 * saveLog on the simulated org. It behaves like Salesforce: a value without Id creates a record
 * every time (no de-duplication here, so a softphone cannot pass here and duplicate in a real org),
 * and field values are checked against Task's fields, picklists and properties (Task object
 * reference): TaskSubtype is set on create only, WhoId takes a Contact or a Lead, WhatId any other
 * record.
 */
import { ID_PREFIX, type SimRecord } from './records.js';

export interface SimTask {
  Id: string;
  CreatedDate: string;
  [field: string]: string | number;
}

export interface FieldError {
  message: string;
  fields: string[];
}

export class SaveLogRejected extends Error {
  override name = 'SaveLogRejected';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

const TASK_FIELDS = new Set([
  'Subject',
  'Status',
  'Priority',
  'Description',
  'ActivityDate',
  'WhoId',
  'WhatId',
  'OwnerId',
  'TaskSubtype',
  'Type',
  'CallType',
  'CallDurationInSeconds',
  'CallDisposition',
  'CallObject',
]);
const PICKLISTS: Record<string, readonly string[]> = {
  Status: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
  CallType: ['Inbound', 'Internal', 'Outbound'],
  TaskSubtype: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call'],
  Priority: ['High', 'Normal', 'Low'],
};
const TEXT_LIMITS: Record<string, number> = { Subject: 255, CallDisposition: 255, CallObject: 255, Description: 32000 };
/** Fields whose properties have Create but not Update. */
const CREATE_ONLY = new Set(['TaskSubtype']);
const PEOPLE: readonly string[] = ['Contact', 'Lead'];

export class TaskStore {
  private readonly tasks: SimTask[] = [];
  private counter = 0;

  constructor(private readonly records: () => readonly SimRecord[]) {}

  list(): SimTask[] {
    return this.tasks.map((t) => ({ ...t }));
  }

  /** Creates (no Id) or updates (Id) a Task; returns its id or throws SaveLogRejected. */
  save(fields: Record<string, string>): string {
    const { Id: id, ...values } = fields;
    const errors = this.check(values, id === undefined);
    if (id !== undefined) {
      const existing = this.tasks.find((t) => t.Id === id);
      if (!existing) errors.push({ message: `invalid cross reference id: ${id}`, fields: ['Id'] });
      if (errors.length > 0) throw new SaveLogRejected(errors);
      Object.assign(existing!, typed(values));
      return id;
    }
    if (errors.length > 0) throw new SaveLogRejected(errors);
    this.counter += 1;
    const newId = `${ID_PREFIX.Task}${String(this.counter).padStart(12, '0')}AAA`;
    this.tasks.push({ Id: newId, CreatedDate: new Date().toISOString(), Status: 'Not Started', ...typed(values) });
    return newId;
  }

  findByCallObject(callObject: string): string | null {
    return this.tasks.find((t) => t.CallObject === callObject)?.Id ?? null;
  }

  private check(values: Record<string, string>, creating: boolean): FieldError[] {
    const errors: FieldError[] = [];
    for (const [field, value] of Object.entries(values)) {
      if (!TASK_FIELDS.has(field)) {
        errors.push({ message: `No such column '${field}' on entity 'Task'.`, fields: [field] });
        continue;
      }
      if (!creating && CREATE_ONLY.has(field)) {
        errors.push({
          message: `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          fields: [field],
        });
      }
      const picklist = PICKLISTS[field];
      if (picklist && !picklist.includes(value)) errors.push({ message: `bad value for restricted picklist field: ${value}`, fields: [field] });
      const limit = TEXT_LIMITS[field];
      if (limit !== undefined && value.length > limit) errors.push({ message: `${field}: data value too large (max length=${limit})`, fields: [field] });
      if (field === 'CallDurationInSeconds' && !/^\d+$/.test(value)) errors.push({ message: `CallDurationInSeconds: value not of required type: ${value}`, fields: [field] });
      if (field === 'ActivityDate' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errors.push({ message: `ActivityDate: invalid date: ${value}`, fields: [field] });
      if ((field === 'WhoId' || field === 'WhatId') && value !== '') {
        const target = this.records().find((r) => r.Id === value);
        if (!target || PEOPLE.includes(target.objectType) !== (field === 'WhoId')) {
          errors.push({ message: `${field}: id value of incorrect type: ${value}`, fields: [field] });
        }
      }
    }
    if (creating && !values.Subject) errors.push({ message: 'Required fields are missing: [Subject]', fields: ['Subject'] });
    return errors;
  }
}

function typed(values: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = { ...values };
  if (values.CallDurationInSeconds !== undefined) out.CallDurationInSeconds = Number(values.CallDurationInSeconds);
  return out;
}
