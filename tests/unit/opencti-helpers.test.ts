import { describe, expect, it } from 'vitest';
import {
  createCallLogSaver,
  describeSalesforceError,
  InvalidCallLogError,
  InvalidCredentialsError,
  InvalidPhoneNumberError,
  memoryLogStore,
  parseAgentCredentials,
  SalesforceError,
  splitExtension,
  taskForFinishedCall,
  toDialString,
  type DialingPlan,
  type OpenCti,
  type SaveLogRequest,
} from '@patchbay/opencti';

const plan: DialingPlan = { outsidePrefix: '9', longDistancePrefix: '1', internationalPrefix: '011', homeCountryCode: '1', internalMaxDigits: 5 };

describe('describeSalesforceError', () => {
  it('adds the field errors saveLog puts in details to the message', () => {
    const refused = new SalesforceError('GENERIC_ERROR', 'An error occurred', 'saveLog', [{ message: 'WhoId: id value of incorrect type: 003000000000099AAA', fields: ['WhoId'] }, 'junk']);
    expect(describeSalesforceError(refused)).toBe('saveLog: An error occurred (WhoId: id value of incorrect type: 003000000000099AAA)');
    expect(describeSalesforceError(new SalesforceError('GENERIC_ERROR', 'An error occurred', 'saveLog'))).toBe('saveLog: An error occurred');
    expect(describeSalesforceError(new Error('offline'))).toBe('offline');
  });
});

describe('splitExtension', () => {
  it.each([
    ['+1 (415) 555-0101 x42', '+1 (415) 555-0101', '42'],
    ['415.555.1212 ext. 204', '415.555.1212', '204'],
    ['4155550101#7', '4155550101', '7'],
    ['+1 (415) 555-0101', '+1 (415) 555-0101', null],
  ])('%s → %s and %s', (clicked, number, extension) => expect(splitExtension(clicked)).toEqual({ number, extension }));
});

describe('toDialString', () => {
  it.each([
    ['+1 (415) 555-1212', '914155551212', null],
    ['+44 20 7946 0958', '9011442079460958', null],
    ['415.555.1212 x 204', '94155551212', '204'],
    ['tel:+14155551212', '914155551212', null],
    ['2041', '2041', null],
    ['555-1212', '95551212', null],
  ])('%s → %s', (clicked, digits, extension) => expect(toDialString(clicked, plan)).toEqual({ digits, extension }));

  it('applies no prefix the plan leaves empty', () => {
    expect(toDialString('+44 20 7946 0958', { ...plan, outsidePrefix: '', internationalPrefix: '00' }).digits).toBe('00442079460958');
  });

  it.each(['', '   ', 'call me', '+', '415-CALL-NOW'])('refuses %j', (clicked) => expect(() => toDialString(clicked, plan)).toThrow(InvalidPhoneNumberError));
});

describe('taskForFinishedCall', () => {
  const call = {
    callId: 'c-42',
    callType: 'inbound' as const,
    remoteNumber: '+14155551212',
    connectedAt: Date.UTC(2025, 0, 2, 10, 0, 0),
    endedAt: Date.UTC(2025, 0, 2, 10, 1, 30, 400),
    disposition: 'Resolved',
    notes: 'Asked about the invoice',
    whoId: '003000000000001AAA',
    whatId: null,
  };

  it('fills the Task fields Salesforce logs a call with', () => {
    expect(taskForFinishedCall(call)).toEqual({
      idempotencyKey: 'patchbay-call:c-42',
      entityApiName: 'Task',
      fields: {
        Subject: 'Call Inbound +14155551212',
        CallType: 'Inbound',
        CallDurationInSeconds: 90,
        CallDisposition: 'Resolved',
        CallObject: 'c-42',
        Status: 'Completed',
        ActivityDate: '2025-01-02',
        Description: 'Asked about the invoice',
        WhoId: '003000000000001AAA',
      },
      createOnlyFields: { TaskSubtype: 'Call' },
    });
  });

  it('leaves out the log fields not given, so an update keeps the ones another part gave; empty notes empty it', () => {
    const { disposition: _d, notes: _n, ...bare } = call;
    const fields = taskForFinishedCall(bare).fields;
    expect(fields).not.toHaveProperty('CallDisposition');
    expect(fields).not.toHaveProperty('Description');
    expect(taskForFinishedCall({ ...bare, notes: '' }).fields.Description).toBe('');
  });

  it('logs zero seconds for a call that never connected', () => {
    expect(taskForFinishedCall({ ...call, connectedAt: null }).fields.CallDurationInSeconds).toBe(0);
  });

  it('lists every problem at once', () => {
    try {
      taskForFinishedCall({ ...call, callId: ' ', disposition: '', whoId: 'not-an-id' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCallLogError);
      expect((error as InvalidCallLogError).problems).toEqual(['callId is empty', 'disposition is empty', 'whoId "not-an-id" is not a Salesforce record id']);
    }
  });
});

describe('createCallLogSaver', () => {
  /** An OpenCti whose saveLog behaves like Salesforce's: a create every time no Id is given. */
  function recordingCti(options: { loseFirstAnswer?: boolean } = {}) {
    const saves: SaveLogRequest[] = [];
    let created = 0;
    let lose = options.loseFirstAnswer ?? false;
    const cti = {
      async saveLog(request: SaveLogRequest) {
        saves.push(request);
        const id = request.id ?? `00T00000000000${++created}AAA`;
        if (lose) {
          lose = false;
          throw new Error('the answer was lost');
        }
        return id;
      },
    } as unknown as OpenCti;
    return { cti, saves, createdCount: () => created };
  }
  const task = taskForFinishedCall({ callId: 'c-1', callType: 'outbound', remoteNumber: '2041', connectedAt: 0, endedAt: 5000, disposition: 'Done' });

  it('creates once, and a retry updates the same Task', async () => {
    const { cti, saves, createdCount } = recordingCti();
    const saver = createCallLogSaver(cti, memoryLogStore());
    expect(await saver.save(task)).toEqual({ recordId: '00T000000000001AAA', created: true });
    expect(await saver.save(task)).toEqual({ recordId: '00T000000000001AAA', created: false });
    expect(createdCount()).toBe(1);
    expect(saves[1]?.id).toBe('00T000000000001AAA');
  });

  it('sends TaskSubtype when it creates the Task, never in an update (Salesforce refuses it there)', async () => {
    const { cti, saves } = recordingCti();
    const saver = createCallLogSaver(cti, memoryLogStore());
    await saver.save(task);
    await saver.save(task);
    expect(saves.map((save) => save.fields.TaskSubtype)).toEqual(['Call', undefined]);
    expect(saves[1]?.fields).toEqual(task.fields);
  });

  it("runs concurrent saves of one call in turn: one create, then an update with the second save's own fields", async () => {
    const { cti, saves, createdCount } = recordingCti();
    const saver = createCallLogSaver(cti, memoryLogStore());
    const notesOnly = taskForFinishedCall({ callId: 'c-1', callType: 'outbound', remoteNumber: '2041', connectedAt: 0, endedAt: 5000, notes: 'Call back Monday' });
    const [a, b] = await Promise.all([saver.save(notesOnly), saver.save(task)]);
    expect(a).toEqual({ recordId: '00T000000000001AAA', created: true });
    expect(b).toEqual({ recordId: '00T000000000001AAA', created: false });
    expect(createdCount()).toBe(1);
    expect(saves[0]?.fields).toMatchObject({ Description: 'Call back Monday' });
    expect(saves[0]?.fields).not.toHaveProperty('CallDisposition');
    expect(saves[1]).toMatchObject({ id: '00T000000000001AAA', fields: { CallDisposition: 'Done' } });
    expect(saves[1]?.fields).not.toHaveProperty('Description');
  });

  it('a failed save does not stop the next one of the same call', async () => {
    const { cti } = recordingCti({ loseFirstAnswer: true });
    const saver = createCallLogSaver(cti, memoryLogStore());
    const [first, second] = await Promise.allSettled([saver.save(task), saver.save(task)]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
  });

  it('finds the Task of a save whose answer was lost instead of creating a second', async () => {
    const { cti, createdCount } = recordingCti({ loseFirstAnswer: true });
    const existing = new Map<string, string>();
    const saver = createCallLogSaver(cti, memoryLogStore(), async (t) => existing.get(String(t.fields.CallObject)) ?? null);
    await expect(saver.save(task)).rejects.toThrow('lost');
    existing.set('c-1', '00T000000000001AAA'); // Salesforce did create it
    expect(await saver.save(task)).toEqual({ recordId: '00T000000000001AAA', created: false });
    expect(createdCount()).toBe(1);
  });
});

describe('parseAgentCredentials', () => {
  const valid = {
    agentId: '005x',
    bus: { jwt: 'j', expiresAt: 1 },
    gateway: { token: '9,janus,janus.plugin.sip:sig', expiresAt: 1 },
    sip: { username: 'sip:005x@pbx.example.com', authUser: '1:005x', password: 'p', expiresAt: 1 },
  };

  it('reads the Apex JSON answer', () => {
    const credentials = parseAgentCredentials(JSON.stringify(valid));
    expect(credentials.sip).toEqual({ username: 'sip:005x@pbx.example.com', authUser: '1:005x', password: 'p', expiresAt: 1 });
    expect(credentials.gateway.token).toBe('9,janus,janus.plugin.sip:sig');
  });

  it('keeps a registrar proxy and refuses one that is not a SIP URI', () => {
    const withProxy = { ...valid, sip: { ...valid.sip, proxy: 'sip:10.0.0.5:5060' } };
    expect(parseAgentCredentials(JSON.stringify(withProxy)).sip.proxy).toBe('sip:10.0.0.5:5060');
    expect(() => parseAgentCredentials(JSON.stringify({ ...valid, sip: { ...valid.sip, proxy: 'http://x' } }))).toThrow(/sip\.proxy is not a sip: URI/);
    expect(() => parseAgentCredentials(JSON.stringify({ ...valid, sip: { ...valid.sip, username: '1:005x' } }))).toThrow(/sip\.username is not a sip:user@domain URI/);
  });

  it('says what is missing', () => {
    expect(() => parseAgentCredentials('{"agentId":"005x","bus":{"expiresAt":1}}')).toThrow(InvalidCredentialsError);
    expect(() => parseAgentCredentials('{"agentId":"005x","bus":{"expiresAt":1}}')).toThrow(/bus\.jwt is missing.*gateway\.token is missing.*sip\.username is missing.*sip\.authUser is missing/);
    expect(() => parseAgentCredentials('<html>')).toThrow(/not JSON/);
  });
});

describe('onClickToDialDigits', () => {
  it('applies the dialing plan and sends undialable numbers to onInvalid', async () => {
    const { onClickToDialDigits } = await import('@patchbay/opencti');
    let emit: (event: { number: string; recordId: null; recordName: null; objectType: null }) => void = () => undefined;
    const cti = {
      onClickToDial: (listener: typeof emit) => {
        emit = listener;
        return () => undefined;
      },
    } as unknown as OpenCti;
    const dials: string[] = [];
    const invalid: string[] = [];
    onClickToDialDigits(
      { cti, config: { dialing: plan } as never },
      (dial) => dials.push(dial.digits),
      (error) => invalid.push(error.code),
    );
    emit({ number: '+44 20 7946 0958', recordId: null, recordName: null, objectType: null });
    emit({ number: 'CALL-ME', recordId: null, recordName: null, objectType: null });
    expect(dials).toEqual(['9011442079460958']);
    expect(invalid).toEqual(['OPENCTI_BAD_NUMBER']);
  });
});
