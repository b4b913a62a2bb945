import { describe, expect, it } from 'vitest';
import { createClassicOpenCti, NotSupportedInApi, SalesforceError, type ClassicResponse, type SforceInteraction } from '@patchbay/opencti';

/**
 * Stands in for sforce.interaction (Salesforce cannot run here): positional arguments, callback
 * last, answers { result, error } with string (JSON) or boolean results as the Classic guide shows.
 */
function fakeInteraction(answers: Partial<Record<string, (args: unknown[]) => ClassicResponse>> = {}) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const listeners: Record<string, (response: ClassicResponse) => void> = {};
  const method =
    (name: string, listener = false) =>
    (...args: unknown[]) => {
      calls.push({ method: name, args });
      const last = args[args.length - 1];
      if (typeof last !== 'function') return;
      if (listener) {
        listeners[name] = last as (r: ClassicResponse) => void;
        return;
      }
      const answer = answers[name]?.(args) ?? { result: true };
      queueMicrotask(() => (last as (r: ClassicResponse) => void)(answer));
    };
  const sforce: SforceInteraction = {
    getPageInfo: method('getPageInfo'),
    isInConsole: method('isInConsole'),
    isVisible: method('isVisible'),
    setVisible: method('setVisible'),
    onFocus: method('onFocus', true),
    refreshPage: method('refreshPage'),
    runApex: method('runApex'),
    saveLog: method('saveLog'),
    screenPop: method('screenPop'),
    searchAndScreenPop: method('searchAndScreenPop'),
    searchAndGetScreenPopUrl: method('searchAndGetScreenPopUrl'),
    cti: {
      enableClickToDial: method('enableClickToDial'),
      disableClickToDial: method('disableClickToDial'),
      onClickToDial: method('onClickToDial', true),
      getCallCenterSettings: method('getCallCenterSettings'),
      getSoftphoneLayout: method('getSoftphoneLayout'),
      setSoftphoneHeight: method('setSoftphoneHeight'),
      setSoftphoneWidth: method('setSoftphoneWidth'),
      notifyInitializationComplete: method('notifyInitializationComplete'),
    },
  };
  return { sforce, calls, listeners };
}

describe('Classic OpenCti', () => {
  it('maps the Lightning names onto the Classic methods with positional arguments', async () => {
    const { sforce, calls } = fakeInteraction();
    const cti = createClassicOpenCti(sforce);
    await cti.enableClickToDial();
    await cti.setPanelHeight(400);
    await cti.setPanelVisible(false);
    await cti.refreshView();
    await cti.screenPop({ kind: 'record', recordId: '003000000000001AAA' });
    await cti.notifyInitializationComplete();
    expect(calls.map((c) => [c.method, c.args.filter((a) => typeof a !== 'function')])).toEqual([
      ['enableClickToDial', []],
      ['setSoftphoneHeight', [400]],
      ['setVisible', [false]],
      ['refreshPage', []],
      ['screenPop', ['/003000000000001AAA', true]],
      ['notifyInitializationComplete', []],
    ]);
  });

  it('parses JSON string results', async () => {
    const { sforce } = fakeInteraction({
      getCallCenterSettings: () => ({ result: JSON.stringify({ '/reqGeneralInfo/reqUseApi': 'true' }) }),
      getPageInfo: () => ({ result: '{"url":"https://na1.salesforce.com/001x0000003DGQR","objectId":"001x0000003DGQR","objectName":"Acme","object":"Account"}' }),
      searchAndScreenPop: () => ({ result: '{"001x0000003DGQR":{"Name":"Acme","object":"Account","displayName":"Company"}}' }),
      isVisible: () => ({ result: true }),
    });
    const cti = createClassicOpenCti(sforce);
    expect(await cti.getCallCenterSettings()).toEqual({ '/reqGeneralInfo/reqUseApi': 'true' });
    expect(await cti.getPageInfo()).toEqual({ url: 'https://na1.salesforce.com/001x0000003DGQR', recordId: '001x0000003DGQR', recordName: 'Acme', objectType: 'Account' });
    expect((await cti.searchAndScreenPop({ searchParams: 'Acme', callType: 'inbound' })).matches).toEqual([{ id: '001x0000003DGQR', name: 'Acme', objectType: 'Account' }]);
    expect(await cti.isPanelVisible()).toBe(true);
  });

  it('saves a log with the object name and a query string, resolving the new id', async () => {
    const { sforce, calls } = fakeInteraction({ saveLog: () => ({ result: true, id: '00T000000000002AAA' }) });
    expect(await createClassicOpenCti(sforce).saveLog({ entityApiName: 'Task', fields: { Subject: 'Call 415', CallDurationInSeconds: 42 } })).toBe('00T000000000002AAA');
    expect(calls[0]?.args.slice(0, 2)).toEqual(['Task', 'Subject=Call%20415&CallDurationInSeconds=42']);
  });

  it('turns Classic error strings into SalesforceError', async () => {
    const { sforce } = fakeInteraction({ runApex: () => ({ error: 'Could not load Apex class: Nope.' }) });
    await expect(createClassicOpenCti(sforce).runApex({ apexClass: 'Nope', methodName: 'm', methodParams: {} })).rejects.toMatchObject({
      name: 'SalesforceError',
      code: 'CLASSIC_ERROR',
      message: 'runApex: Could not load Apex class: Nope.',
    });
  });

  it('treats a false result as a failure', async () => {
    const { sforce } = fakeInteraction({ setSoftphoneHeight: () => ({ result: false }), saveLog: () => ({ result: false }) });
    const cti = createClassicOpenCti(sforce);
    await expect(cti.setPanelHeight(400)).rejects.toBeInstanceOf(SalesforceError);
    await expect(cti.saveLog({ entityApiName: 'Task', id: '00T000000000001AAA', fields: { Subject: 'x' } })).rejects.toBeInstanceOf(SalesforceError);
  });

  it('reads boolean results as booleans or their strings, and names the method for anything else', async () => {
    const answers = [{ result: 'false' }, { result: true }, { result: 'yes' }];
    const { sforce } = fakeInteraction({ isVisible: () => answers.shift()!, isInConsole: () => ({ success: true, returnValue: true, errors: null }) as ClassicResponse });
    const cti = createClassicOpenCti(sforce);
    expect(await cti.isPanelVisible()).toBe(false);
    expect(await cti.isPanelVisible()).toBe(true);
    await expect(cti.isPanelVisible()).rejects.toMatchObject({ name: 'UnexpectedResponseError', method: 'isVisible' });
    // A Lightning-shaped answer is not Classic's { result, error }.
    await expect(cti.isInConsole()).rejects.toMatchObject({ name: 'UnexpectedResponseError', method: 'isInConsole' });
  });

  it('sends runApex an empty query string when there is nothing to pass', async () => {
    const { sforce, calls } = fakeInteraction({ runApex: () => ({ result: 'ok' }) });
    await createClassicOpenCti(sforce).runApex({ apexClass: 'A', methodName: 'm', methodParams: {} });
    expect(calls[0]?.args.slice(0, 3)).toEqual(['A', 'm', '']);
  });

  it('reads several matches, which carry a single field and so no object type', async () => {
    const { sforce } = fakeInteraction({ searchAndScreenPop: () => ({ result: '{"003x0000004AAAA":{"Name":"Grace Hopper"},"001x0000003DGQR":{"Name":"Hopper Industries"}}' }) });
    expect((await createClassicOpenCti(sforce).searchAndScreenPop({ searchParams: '4155550202', callType: 'inbound' })).matches).toEqual([
      { id: '003x0000004AAAA', name: 'Grace Hopper', objectType: null },
      { id: '001x0000003DGQR', name: 'Hopper Industries', objectType: null },
    ]);
  });

  it('defers a search through searchAndGetScreenPopUrl and pops its URL later', async () => {
    const { sforce, calls } = fakeInteraction({
      searchAndGetScreenPopUrl: () => ({ result: '{"003x":{"Name":"Ada","object":"Contact"},"screenPopUrl":"/003x"}' }),
    });
    const cti = createClassicOpenCti(sforce);
    const result = await cti.searchAndScreenPop({ searchParams: '4155551212', callType: 'inbound', deferred: true });
    expect(result.matches).toEqual([{ id: '003x', name: 'Ada', objectType: 'Contact' }]);
    await cti.screenPop({ kind: 'deferred', pop: result.deferredPop! });
    expect(calls.map((c) => c.method)).toEqual(['searchAndGetScreenPopUrl', 'screenPop']);
    expect(calls[1]?.args[0]).toBe('/003x');
  });

  it('parses click-to-dial and focus results from JSON strings', () => {
    const { sforce, listeners } = fakeInteraction();
    const dropped: string[] = [];
    const cti = createClassicOpenCti(sforce, { onDropped: (method) => dropped.push(method) });
    const seen: unknown[] = [];
    cti.onClickToDial((e) => seen.push(e));
    cti.onNavigationChange((p) => seen.push(p.recordId));
    listeners.onClickToDial?.({ result: '{"number":"4155551212","objectId":"001x","objectName":"Acme","object":"Account"}' });
    listeners.onFocus?.({ result: '{"url":"https://x.salesforce.com/003y","objectId":"003y"}' });
    listeners.onClickToDial?.({ result: 'not json' });
    expect(seen).toEqual([{ number: '4155551212', recordId: '001x', recordName: 'Acme', objectType: 'Account' }, '003y']);
    expect(dropped).toEqual(['onClickToDial']);
  });

  it('rejects what Classic does not have with NotSupportedInApi, without calling Salesforce', async () => {
    const { sforce, calls } = fakeInteraction();
    const cti = createClassicOpenCti(sforce);
    for (const attempt of [
      cti.setPanelLabel('x'),
      cti.setPanelIcon('call'),
      cti.setItemLabel('x'),
      cti.setItemIcon('call'),
      cti.screenPop({ kind: 'flow', flowDevName: 'F' }),
      cti.screenPop({ kind: 'newRecord', entityName: 'Contact' }),
      cti.searchAndScreenPop({ searchParams: '415', callType: 'inbound', defaultFieldValues: { Phone: '415' } }),
    ]) {
      await expect(attempt).rejects.toBeInstanceOf(NotSupportedInApi);
    }
    expect(calls).toEqual([]);
    expect(cti.capabilities).toMatchObject({ panelLabelAndIcon: false, searchDefaultFieldValues: false, isInConsole: true });
  });
});
