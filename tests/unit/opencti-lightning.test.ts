import { describe, expect, it } from 'vitest';
import { createLightningOpenCti, NotSupportedInApi, SalesforceError, SalesforceTimeoutError, type LightningResponse, type SforceOpenCti } from '@patchbay/opencti';

/**
 * Stands in for sforce.opencti (Salesforce cannot run here): it checks the one-object-argument rule
 * the way opencti_min.js does, records each call's argument and answers from `answers`.
 */
function fakeOpenCti(answers: Partial<Record<string, (args: Record<string, unknown>) => LightningResponse | undefined>> = {}) {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const listeners: Record<string, (payload: unknown) => void> = {};
  const method = (name: string) =>
    function (this: unknown, ...argv: unknown[]) {
      if (argv.length !== 1 || typeof argv[0] !== 'object' || argv[0] === null || Object.keys(argv[0]).length === 0) {
        throw new Error('Must pass in only one object which holds arguments to this API method call.');
      }
      const args = argv[0] as Record<string, unknown>;
      calls.push({ method: name, args });
      if (typeof args.listener === 'function') listeners[name] = args.listener as (payload: unknown) => void;
      const answer = answers[name]?.(args) ?? { success: true, returnValue: null, errors: null };
      const callback = args.callback as ((r: LightningResponse) => void) | undefined;
      if (callback) queueMicrotask(() => callback(answer));
    };
  const names = [
    'enableClickToDial',
    'disableClickToDial',
    'onClickToDial',
    'screenPop',
    'searchAndScreenPop',
    'saveLog',
    'refreshView',
    'setSoftphonePanelVisibility',
    'isSoftphonePanelVisible',
    'setSoftphonePanelHeight',
    'setSoftphonePanelWidth',
    'setSoftphonePanelLabel',
    'setSoftphonePanelIcon',
    'setSoftphoneItemLabel',
    'setSoftphoneItemIcon',
    'getCallCenterSettings',
    'getSoftphoneLayout',
    'getAppViewInfo',
    'onNavigationChange',
    'notifyInitializationComplete',
    'runApex',
  ];
  const sforce = Object.fromEntries(names.map((n) => [n, method(n)])) as unknown as SforceOpenCti;
  sforce.SCREENPOP_TYPE = { URL: 'url', SOBJECT: 'sobject', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' };
  sforce.CALL_TYPE = { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' };
  return { sforce, calls, listeners };
}

const ok = (returnValue: unknown): LightningResponse => ({ success: true, returnValue, errors: null });

describe('Lightning OpenCti', () => {
  it('passes exactly one object argument with a callback to every method', async () => {
    const { sforce, calls } = fakeOpenCti({ isSoftphonePanelVisible: () => ok({ visible: true }) });
    const cti = createLightningOpenCti(sforce);
    await cti.enableClickToDial();
    await cti.setPanelHeight(480);
    await cti.setPanelWidth(320);
    await cti.setPanelLabel('On call');
    await cti.setPanelIcon('call');
    await cti.setItemLabel('00:42');
    await cti.setPanelVisible(true);
    expect(await cti.isPanelVisible()).toBe(true);
    await cti.notifyInitializationComplete();
    await cti.refreshView();
    expect(calls.map((c) => [c.method, Object.keys(c.args).sort()])).toEqual([
      ['enableClickToDial', ['callback']],
      ['setSoftphonePanelHeight', ['callback', 'heightPX']],
      ['setSoftphonePanelWidth', ['callback', 'widthPX']],
      ['setSoftphonePanelLabel', ['callback', 'label']],
      ['setSoftphonePanelIcon', ['callback', 'key']],
      ['setSoftphoneItemLabel', ['callback', 'label']],
      ['setSoftphonePanelVisibility', ['callback', 'visible']],
      ['isSoftphonePanelVisible', ['callback']],
      ['notifyInitializationComplete', ['callback']],
      ['refreshView', ['callback']],
    ]);
    expect(calls[1]?.args.heightPX).toBe(480);
  });

  it('turns a Salesforce error into a SalesforceError with its code and message', async () => {
    const { sforce } = fakeOpenCti({
      setSoftphonePanelHeight: () => ({
        success: false,
        returnValue: null,
        errors: [{ code: 'INVALID_PARAM', description: 'An invalid value was passed to the parameter heightPX.' }],
      }),
    });
    const error = await createLightningOpenCti(sforce)
      .setPanelHeight(10)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesforceError);
    expect(error).toMatchObject({ code: 'INVALID_PARAM', method: 'setSoftphonePanelHeight' });
    expect((error as Error).message).toContain('An invalid value was passed to the parameter heightPX.');
  });

  it('keeps saveLog field errors in details', async () => {
    const details = [{ message: 'Bad value for restricted picklist field: Sideways', fields: ['CallType'] }];
    const { sforce } = fakeOpenCti({
      saveLog: () => ({ success: false, returnValue: null, errors: [{ code: 'GENERIC_ERROR', description: 'An error occurred while calling the saveLog() API method.', details }] }),
    });
    const error = await createLightningOpenCti(sforce)
      .saveLog({ entityApiName: 'Task', fields: { CallType: 'Sideways' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GENERIC_ERROR', details });
  });

  it('creates with entityApiName and updates with Id, resolving the recordId', async () => {
    const { sforce, calls } = fakeOpenCti({ saveLog: (args) => ok({ recordId: (args.value as { Id?: string }).Id ?? '00T000000000001AAA' }) });
    const cti = createLightningOpenCti(sforce);
    expect(await cti.saveLog({ entityApiName: 'Task', fields: { Subject: 'Call' } })).toBe('00T000000000001AAA');
    expect(await cti.saveLog({ entityApiName: 'Task', id: '00T000000000001AAA', fields: { Subject: 'Call 2' } })).toBe('00T000000000001AAA');
    expect(calls[0]?.args.value).toEqual({ entityApiName: 'Task', Subject: 'Call' });
    expect(calls[1]?.args.value).toEqual({ Id: '00T000000000001AAA', Subject: 'Call 2' });
  });

  it('maps screen pop targets to the documented SCREENPOP_TYPE and params', async () => {
    const { sforce, calls } = fakeOpenCti();
    const cti = createLightningOpenCti(sforce);
    await cti.screenPop({ kind: 'record', recordId: '003000000000001AAA' });
    await cti.screenPop({ kind: 'newRecord', entityName: 'Contact', defaultFieldValues: { Phone: '4155551212' } });
    await cti.screenPop({ kind: 'flow', flowDevName: 'Wrap_Up', flowArgs: [{ name: 'callId', type: 'String', value: 'c1' }] });
    await cti.screenPop({ kind: 'search', searchString: 'Acme' });
    expect(calls.map((c) => ({ type: c.args.type, params: c.args.params }))).toEqual([
      { type: 'sobject', params: { recordId: '003000000000001AAA' } },
      { type: 'newRecord', params: { entityName: 'Contact', defaultFieldValues: { Phone: '4155551212' } } },
      { type: 'flow', params: { flowDevName: 'Wrap_Up', flowArgs: [{ name: 'callId', type: 'String', value: 'c1' }] } },
      { type: 'search', params: { searchString: 'Acme' } },
    ]);
  });

  it('reads search matches keyed by id and replays a deferred pop', async () => {
    const { sforce, calls } = fakeOpenCti({
      searchAndScreenPop: () =>
        ok({
          '003000000000001AAA': { Id: '003000000000001AAA', Name: 'Ada Lovelace', RecordType: 'Contact' },
          SCREEN_POP_DATA: { type: 'sobject', params: { recordId: '003000000000001AAA' } },
        }),
    });
    const cti = createLightningOpenCti(sforce);
    const result = await cti.searchAndScreenPop({ searchParams: '4155551212', callType: 'inbound', deferred: true, defaultFieldValues: { Phone: '4155551212' } });
    expect(result.matches).toEqual([{ id: '003000000000001AAA', name: 'Ada Lovelace', objectType: 'Contact' }]);
    expect(calls[0]?.args).toMatchObject({ searchParams: '4155551212', callType: 'inbound', deferred: true, defaultFieldValues: { Phone: '4155551212' } });
    await cti.screenPop({ kind: 'deferred', pop: result.deferredPop! });
    expect(calls[1]?.args).toMatchObject({ type: 'sobject', params: { recordId: '003000000000001AAA' } });
  });

  it('reads runApex from returnValue.runApex and sends methodParams as a query string, or none without parameters', async () => {
    const { sforce, calls } = fakeOpenCti({ runApex: () => ok({ runApex: '{"ok":true}' }) });
    const cti = createLightningOpenCti(sforce);
    expect(await cti.runApex({ apexClass: 'A', methodName: 'm', methodParams: { name: 'a&b', phone: '(212) 555' } })).toBe('{"ok":true}');
    await cti.runApex({ apexClass: 'A', methodName: 'm', methodParams: {} });
    expect(calls.map((call) => call.args.methodParams)).toEqual(['name=a%26b&phone=(212)%20555', 'none']);
  });

  it('passes SCREEN_POP_DATA to screenPop unmodified, whatever it holds', async () => {
    const data = { type: 'newRecord', params: { entityName: 'Contact' }, defaultFieldValues: { Phone: '4155550303' }, opaque: { kept: true } };
    const { sforce, calls } = fakeOpenCti({ searchAndScreenPop: () => ok({ SCREEN_POP_DATA: data }) });
    const cti = createLightningOpenCti(sforce);
    const { matches, deferredPop } = await cti.searchAndScreenPop({ searchParams: '4155550303', callType: 'inbound', deferred: true });
    expect(matches).toEqual([]);
    await cti.screenPop({ kind: 'deferred', pop: deferredPop! });
    const { callback, ...sent } = calls[1]!.args;
    expect(typeof callback).toBe('function');
    expect(sent).toEqual(data);
  });

  it("reads both entry shapes of the guide's search example, and entries that name no type", async () => {
    const { sforce } = fakeOpenCti({
      searchAndScreenPop: () =>
        ok({
          '006x0000001ZcyG': { Id: '006x0000001ZcyG', LastModifiedDate: '2017-10-24T18:42:39.000Z', Name: 'Acme - 600 Widgets', RecordType: 'Opportunity' },
          '001x0000003DGQR': { Name: 'Acme', Type: 'Analyst', object: 'Account', displayName: 'Company' },
          '003x0000004ABCD': { Name: 'Ada Lovelace', Phone: '(415) 555-0101' },
        }),
    });
    expect((await createLightningOpenCti(sforce).searchAndScreenPop({ searchParams: 'Acme', callType: 'inbound' })).matches).toEqual([
      { id: '006x0000001ZcyG', name: 'Acme - 600 Widgets', objectType: 'Opportunity' },
      { id: '001x0000003DGQR', name: 'Acme', objectType: 'Account' },
      { id: '003x0000004ABCD', name: 'Ada Lovelace', objectType: null },
    ]);
  });

  it("reads saveLog's record id as { recordId } or as the id itself", async () => {
    const answers = [ok({ recordId: '00T000000000001AAA' }), ok('00T000000000002AAA'), ok({ id: 'x' })];
    const { sforce } = fakeOpenCti({ saveLog: () => answers.shift() });
    const cti = createLightningOpenCti(sforce);
    expect(await cti.saveLog({ entityApiName: 'Task', fields: { Subject: 'a' } })).toBe('00T000000000001AAA');
    expect(await cti.saveLog({ entityApiName: 'Task', fields: { Subject: 'b' } })).toBe('00T000000000002AAA');
    await expect(cti.saveLog({ entityApiName: 'Task', fields: { Subject: 'c' } })).rejects.toMatchObject({ name: 'UnexpectedResponseError', method: 'saveLog' });
  });

  it('names the method when an answer is not { success, returnValue, errors } (a Classic answer, say)', async () => {
    const { sforce } = fakeOpenCti({ isSoftphonePanelVisible: () => ({ result: true }) as unknown as LightningResponse });
    await expect(createLightningOpenCti(sforce).isPanelVisible()).rejects.toMatchObject({
      name: 'UnexpectedResponseError',
      method: 'isSoftphonePanelVisible',
      message: expect.stringContaining('isSoftphonePanelVisible'),
    });
  });

  it('delivers click-to-dial and navigation payloads, and mutes them on unsubscribe', async () => {
    const { sforce, listeners } = fakeOpenCti();
    const dropped: string[] = [];
    const cti = createLightningOpenCti(sforce, { onDropped: (method, reason) => dropped.push(`${method}: ${reason}`) });
    const dialed: string[] = [];
    const stop = cti.onClickToDial((event) => dialed.push(`${event.number}/${event.recordId}/${event.objectType}`));
    listeners.onClickToDial?.({ number: '4155551212', recordId: '003000000000001AAA', recordName: 'Ada', objectType: 'Contact' });
    listeners.onClickToDial?.({ returnValue: { number: '123' } });
    listeners.onClickToDial?.({ nothing: true });
    stop();
    listeners.onClickToDial?.({ number: '999' });
    expect(dialed).toEqual(['4155551212/003000000000001AAA/Contact', '123/null/null']);
    expect(dropped).toEqual(['onClickToDial: no number']);
  });

  it('answers getCallCenterSettings as flat string keys', async () => {
    const { sforce } = fakeOpenCti({ getCallCenterSettings: () => ok({ '/reqGeneralInfo/reqSoftphoneHeight': '480', '/PatchbayWidgets/Widgets': 'dialpad' }) });
    expect(await createLightningOpenCti(sforce).getCallCenterSettings()).toEqual({ '/reqGeneralInfo/reqSoftphoneHeight': '480', '/PatchbayWidgets/Widgets': 'dialpad' });
  });

  it('rejects the script argument check as CLIENT_VALIDATION instead of throwing', async () => {
    const { sforce } = fakeOpenCti();
    sforce.refreshView = () => {
      throw new Error('Must pass in only one object which holds arguments to this API method call.');
    };
    await expect(createLightningOpenCti(sforce).refreshView()).rejects.toMatchObject({ name: 'SalesforceError', code: 'CLIENT_VALIDATION' });
  });

  it('times out when Salesforce never answers', async () => {
    const { sforce } = fakeOpenCti();
    sforce.refreshView = () => undefined;
    await expect(createLightningOpenCti(sforce, { timeoutMs: 20 }).refreshView()).rejects.toBeInstanceOf(SalesforceTimeoutError);
  });

  it('says isInConsole and Classic deferred pops are not in the Lightning API', async () => {
    const cti = createLightningOpenCti(fakeOpenCti().sforce);
    await expect(cti.isInConsole()).rejects.toBeInstanceOf(NotSupportedInApi);
    await expect(cti.screenPop({ kind: 'deferred', pop: { api: 'Classic', data: { url: '/003' } } })).rejects.toBeInstanceOf(NotSupportedInApi);
    expect(cti.capabilities.panelLabelAndIcon).toBe(true);
  });
});
