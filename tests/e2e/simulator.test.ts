// Over 300 lines: one browser and simulator pair serves every check of the documented Open CTI surface.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import type { Frame, Page } from 'playwright-core';
import { freePort, labTls, launchChromium, startProbeServer, type Browser, type ProbeServer } from '@patchbay/devservers';
import type { LightningResponse, SforceGlobal } from '@patchbay/opencti';
import { SIMULATED_ORG_ID, startSimulator, type Simulator } from '@patchbay/simulator';

let browser: Browser;
let sim: Simulator;
let hostile: Simulator;
let probe: ProbeServer;

beforeAll(async () => {
  const simPort = await freePort();
  const lab = await labTls();
  const tls = { cert: lab.certPem, key: lab.keyPem };
  // The probe trusts the simulator's origin because the deployment says so (written into the page).
  probe = await startProbeServer({ allowedOrigins: [`https://127.0.0.1:${simPort}`], tls });
  sim = await startSimulator({ port: simPort, shellUrl: probe.url, tls });
  hostile = await startSimulator({ shellUrl: probe.url, tls });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  await hostile?.stop();
  await probe?.stop();
});

/** Opens a console and waits for the framed probe to be ready (or to fail), returning its frame. */
async function openConsole(page: Page, url: string): Promise<Frame> {
  await page.goto(url);
  const handle = await page.waitForSelector('iframe#softphone', { state: 'attached' });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the softphone frame has no document');
  await frame.waitForFunction(() => window.probe !== undefined && (window.probe.ready || window.probe.error !== null), undefined, { timeout: 15_000 });
  return frame;
}

describe.each(['Lightning', 'Classic'] as const)('the simulator in %s mode', (mode) => {
  let page: Page;
  let frame: Frame;
  const scriptPath = mode === 'Lightning' ? '/lightning/opencti_min.js' : '/interaction.js';

  beforeAll(async () => {
    page = await browser.context.newPage();
    frame = await openConsole(page, sim.consoleUrl(mode));
  });
  afterAll(async () => page?.close());

  it('frames the adapter as the experience does (Lightning: sfdcIframeOrigin and mode; Classic: sfdcIFrameOrigin), allowing microphone and autoplay', async () => {
    const params = new URL((await page.getAttribute('iframe#softphone', 'src'))!).searchParams;
    expect(Object.fromEntries(params)).toEqual(mode === 'Lightning' ? { sfdcIframeOrigin: sim.origin, mode: 'Lightning' } : { sfdcIFrameOrigin: sim.origin });
    expect(await page.getAttribute('iframe#softphone', 'allow')).toBe('microphone; autoplay');
  });

  it('loads the script of the mode and answers getCallCenterSettings', async () => {
    expect(await frame.evaluate(() => window.probe.error)).toBeNull();
    expect(await frame.evaluate(() => window.probe.cti?.api)).toBe(mode);
    expect(sim.requests().filter((path) => path.startsWith('/support/api/'))).toContain(`/support/api/62.0${scriptPath}`);
    const settings = await frame.evaluate(() => window.probe.settings);
    expect(settings?.['/reqGeneralInfo/reqAdapterUrl']).toBe(probe.url);
    expect(settings?.['/PatchbayWidgets/Widgets']).toBe('dialpad,call-log,presence');
    expect(sim.consoleState()).toMatchObject({ clickToDialEnabled: true, initialized: true });
    expect(await frame.evaluate(() => window.probe.session?.config.enabledWidgets)).toEqual(['dialpad', 'call-log', 'presence']);
  });

  it('delivers a click on a contact phone number to onClickToDial', async () => {
    const before = await frame.evaluate(() => window.probe.clicks.length);
    await page.click('a.phone[data-record-id="003000000000001AAA"]');
    await frame.waitForFunction((n) => window.probe.clicks.length > n, before);
    const click = await frame.evaluate(() => window.probe.clicks.at(-1));
    expect(click).toEqual({ number: '+1 (415) 555-0101', recordId: '003000000000001AAA', recordName: 'Ada Lovelace', objectType: 'Contact' });
    // The call center's dialing options (reqDialingOptions 9 / 1 / 011, home country 1) apply.
    expect(await frame.evaluate(() => window.probe.dials.at(-1))).toBe('914155550101');
    expect(await page.isVisible('#softphone-panel')).toBe(true);
  });

  it('pops the record for one match, the search for several and a new Contact for none', async () => {
    const popsBefore = sim.consoleState().pops.length;
    const search = (number: string) =>
      frame.evaluate(
        ([searchParams, withDefaults]) =>
          window.probe.cti!.searchAndScreenPop({
            searchParams,
            callType: 'inbound',
            ...(withDefaults && { defaultFieldValues: { Phone: searchParams } }),
          }),
        [number, mode === 'Lightning'] as const,
      );
    expect((await search('+14155550101')).matches.map((m) => m.id)).toEqual(['003000000000001AAA']);
    expect((await search('+14155550202')).matches.map((m) => m.id).sort()).toEqual(['001000000000001AAA', '003000000000002AAA']);
    expect((await search('+14155550303')).matches).toEqual([]);
    const pops = sim.consoleState().pops.slice(popsBefore);
    expect(pops.map((p) => p.kind)).toEqual(['record', 'search', 'newRecord']);
    expect(pops[0]).toMatchObject({ recordId: '003000000000001AAA', mode });
    expect(pops[1]).toMatchObject({ searchString: '+14155550202' });
    expect(pops[2]).toMatchObject({ entityName: 'Contact', defaultFieldValues: mode === 'Lightning' ? { Phone: '+14155550303' } : {} });
    expect(await page.textContent('#page h2')).toBe('New Contact');
  });

  it('defers a pop and performs it later; an outbound search pops nothing', async () => {
    const popsBefore = sim.consoleState().pops.length;
    const deferred = await frame.evaluate(() => window.probe.cti!.searchAndScreenPop({ searchParams: '4155550101', callType: 'inbound', deferred: true }));
    await frame.evaluate(() => window.probe.cti!.searchAndScreenPop({ searchParams: '4155550101', callType: 'outbound' }));
    expect(sim.consoleState().pops.length).toBe(popsBefore);
    await frame.evaluate((pop) => window.probe.cti!.screenPop({ kind: 'deferred', pop }), deferred.deferredPop!);
    expect(sim.consoleState().pops.slice(popsBefore)).toMatchObject([{ kind: 'record', recordId: '003000000000001AAA' }]);
    expect(sim.consoleState().searches.slice(-2)).toEqual([
      { searchParams: '4155550101', callType: 'inbound', deferred: true },
      { searchParams: '4155550101', callType: 'outbound', deferred: false },
    ]);
    if (mode === 'Lightning') {
      // The new record of a deferred search without a match keeps the fields the search asked for.
      const none = await frame.evaluate(() => window.probe.cti!.searchAndScreenPop({ searchParams: '4155550303', callType: 'inbound', deferred: true, defaultFieldValues: { Phone: '4155550303' } }));
      await frame.evaluate((pop) => window.probe.cti!.screenPop({ kind: 'deferred', pop }), none.deferredPop!);
      expect(sim.consoleState().pops.at(-1)).toMatchObject({ kind: 'newRecord', entityName: 'Contact', defaultFieldValues: { Phone: '4155550303' } });
    }
  });

  it('answers a search in the shapes the guide documents for the experience', async () => {
    const answer = (searchParams: string) =>
      frame.evaluate(
        ([api, searchParams]) =>
          new Promise<unknown>((resolve) => {
            const sforce = (window as unknown as { sforce: SforceGlobal }).sforce;
            if (api === 'Lightning') sforce.opencti!.searchAndScreenPop({ searchParams, callType: 'outbound', callback: resolve });
            else sforce.interaction!.searchAndScreenPop(searchParams, '', 'outbound', resolve);
          }),
        [mode, searchParams] as const,
      );
    // The adapter reads the record's type from either shape.
    const ada = () => frame.evaluate(() => window.probe.cti!.searchAndScreenPop({ searchParams: '4155550101', callType: 'outbound' }).then((r) => r.matches));
    if (mode === 'Lightning') {
      expect(await answer('4155550101')).toEqual({
        success: true,
        errors: null,
        returnValue: { '003000000000001AAA': { Id: '003000000000001AAA', LastModifiedDate: expect.any(String), Name: 'Ada Lovelace', RecordType: 'Contact' } },
      });
      sim.setBehaviour({ lightningSearchResults: 'object' });
      try {
        expect(await answer('4155550101')).toEqual({ success: true, errors: null, returnValue: { '003000000000001AAA': { Name: 'Ada Lovelace', object: 'Contact', displayName: 'Contact' } } });
        expect(await ada()).toEqual([{ id: '003000000000001AAA', name: 'Ada Lovelace', objectType: 'Contact' }]);
      } finally {
        sim.setBehaviour({ lightningSearchResults: 'RecordType' });
      }
    } else {
      expect(await answer('4155550101')).toEqual({ result: JSON.stringify({ '003000000000001AAA': { Name: 'Ada Lovelace', object: 'Contact', displayName: 'Contact' } }) });
      // "If multiple matches are found, only a single field is returned."
      const several = (await answer('4155550202')) as { result: string };
      expect(JSON.parse(several.result)).toEqual({ '003000000000002AAA': { Name: 'Grace Hopper' }, '001000000000001AAA': { Name: 'Hopper Industries' } });
      expect(await ada()).toEqual([{ id: '003000000000001AAA', name: 'Ada Lovelace', objectType: 'Contact' }]);
    }
  });

  it('tells the softphone where the agent navigates', async () => {
    const before = await frame.evaluate(() => window.probe.navigations.length);
    await page.click('a.record-name[data-record-id="001000000000002AAA"]');
    await frame.waitForFunction((n) => window.probe.navigations.length > n, before);
    expect(await frame.evaluate(() => window.probe.navigations.at(-1)?.recordId)).toBe('001000000000002AAA');
    expect(await frame.evaluate(() => window.probe.cti!.getPageInfo())).toMatchObject({ recordId: '001000000000002AAA', recordName: 'Analytical Engines Ltd', objectType: 'Account' });
  });

  it('creates one Task per call, with the call fields, even when the save is retried or the page reloads', async () => {
    const callId = `call-${mode}`;
    const saveTwiceAndConcurrently = (id: string) =>
      frame.evaluate(async (callId) => {
        const { lib, cti } = window.probe;
        const task = lib.taskForFinishedCall({
          callId,
          callType: 'inbound',
          remoteNumber: '+14155550101',
          connectedAt: Date.UTC(2025, 0, 2, 10, 0, 0),
          endedAt: Date.UTC(2025, 0, 2, 10, 2, 5),
          disposition: 'Resolved',
          notes: 'Invoice question',
          whoId: '003000000000001AAA',
        });
        const saver = lib.createCallLogSaver(cti!, lib.memoryLogStore(), lib.findTaskViaApex(cti!));
        const first = await saver.save(task);
        const [again, concurrent] = await Promise.all([saver.save(task), saver.save(task)]);
        return [first, again, concurrent];
      }, id);
    const [first, again, concurrent] = await saveTwiceAndConcurrently(callId);
    expect(first?.created).toBe(true);
    expect(again).toEqual({ recordId: first!.recordId, created: false });
    expect(concurrent).toEqual(again);

    // A reload during wrap-up loses the page's memory; Salesforce still knows the Task.
    frame = await openConsole(page, sim.consoleUrl(mode));
    const [afterReload] = await saveTwiceAndConcurrently(callId);
    expect(afterReload).toEqual({ recordId: first!.recordId, created: false });

    const tasks = sim.tasks().filter((t) => t.CallObject === callId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      Subject: 'Call Inbound +14155550101',
      CallType: 'Inbound',
      CallDurationInSeconds: 125,
      CallDisposition: 'Resolved',
      CallObject: callId,
      WhoId: '003000000000001AAA',
      Status: 'Completed',
      Description: 'Invoice question',
    });
    await page.waitForSelector(`#tasks li[data-id="${first!.recordId}"]`);
  });

  it("answers runApex with an assertion of the agent signed by the org's key, and where to exchange it", async () => {
    const grant = await frame.evaluate(() => window.probe.lib.fetchAgentAssertion(window.probe.cti!));
    const [header, claims, signature] = grant.assertion.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256' });
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ iss: SIMULATED_ORG_ID, sub: '005000000000001AAA', aud: 'patchbay-credentials' });
    expect(payload['exp']).toBeGreaterThan(Date.now() / 1000);
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), createPublicKey(sim.org.publicKeyPem), Buffer.from(signature, 'base64url'))).toBe(true);
    expect(new URL(grant.exchangeUrl).pathname).toBe('/v1/credentials');
    // A user the admin took out of the call center gets none.
    sim.setAgentInCallCenter(false);
    try {
      const refused = await frame.evaluate(() =>
        window.probe.lib.fetchAgentAssertion(window.probe.cti!).then(
          () => 'issued',
          (error: Error) => error.message,
        ),
      );
      expect(refused).toMatch(/not assigned to a Patchbay call center/);
    } finally {
      sim.setAgentInCallCenter(true);
    }
  });

  it('rejects wrong arguments and parity gaps the way the API documents', async () => {
    const outcome = (call: string) =>
      frame.evaluate(async (call) => {
        const cti = window.probe.cti!;
        const attempts: Record<string, () => Promise<unknown>> = {
          tooShort: () => cti.setPanelHeight(100),
          badTask: () => cti.saveLog({ entityApiName: 'Task', fields: { Subject: 'x', CallType: 'Sideways' } }),
          label: () => cti.setPanelLabel('On call'),
          unknownApex: () => cti.runApex({ apexClass: 'Nope', methodName: 'm', methodParams: {} }),
        };
        try {
          await attempts[call]!();
          return 'resolved';
        } catch (error) {
          const e = error as Error & { code?: string };
          return `${e.name}/${e.code}: ${e.message}`;
        }
      }, call);
    if (mode === 'Lightning') {
      expect(await outcome('tooShort')).toBe(
        'SalesforceError/INVALID_PARAM: setSoftphonePanelHeight: An invalid value was passed to the parameter heightPX. A numeric value from 240 through 2560 was expected, but 100 was found instead.',
      );
      expect(await outcome('badTask')).toMatch(/^SalesforceError\/GENERIC_ERROR: saveLog: An error occurred while calling the saveLog\(\) API method/);
      expect(await outcome('label')).toBe('resolved');
      expect(await page.textContent('#panel-label')).toBe('On call');
      expect(await outcome('unknownApex')).toBe('SalesforceError/SERVER_ERROR: runApex: Could not load Apex class: Nope.');
      // runApex() for Lightning Experience: parameters as a query string, or none / {} when there are none.
      const apex = (methodParams: unknown) =>
        frame.evaluate(
          (methodParams) =>
            new Promise<LightningResponse>((resolve) =>
              (window as unknown as { sforce: SforceGlobal }).sforce.opencti!.runApex({
                apexClass: 'PatchbayCallLog',
                methodName: 'findTaskByCallObject',
                methodParams: methodParams as string,
                callback: resolve,
              }),
            ),
          methodParams,
        );
      expect((await apex('')).errors).toEqual([{ code: 'INVALID_PARAM', description: expect.stringContaining('parameter methodParams') }]);
      for (const none of ['none', {}, 'callObject=nothing']) expect((await apex(none)).success).toBe(true);
    } else {
      expect(await outcome('tooShort')).toBe('resolved'); // Classic accepts any height of 0 or more
      expect(await outcome('badTask')).toBe('SalesforceError/CLASSIC_ERROR: saveLog: bad value for restricted picklist field: Sideways');
      expect(await outcome('label')).toBe('NotSupportedInApi/OPENCTI_NOT_SUPPORTED: setSoftphonePanelLabel is not available in the Open CTI API for Classic; Classic has no panel label');
      expect(await outcome('unknownApex')).toBe('SalesforceError/CLASSIC_ERROR: runApex: Could not load Apex class: Nope.');
    }
  });
});

describe.each(['Lightning', 'Classic'] as const)('a Task in the simulated org (%s)', (mode) => {
  it('takes TaskSubtype on create and refuses it in an update, as the Task object reference says', async () => {
    const page = await browser.context.newPage();
    try {
      const frame = await openConsole(page, sim.consoleUrl(mode));
      const attempt = (id: string | null) =>
        frame.evaluate(
          (id) =>
            window.probe.cti!.saveLog({ entityApiName: 'Task', ...(id ? { id } : {}), fields: { Subject: 'Call', TaskSubtype: 'Call' } }).then(
              (recordId) => ({ recordId }),
              (error: Error & { details?: unknown }) => ({ error: error.message, details: error.details }),
            ),
          id,
        );
      const created = await attempt(null);
      expect(created).toEqual({ recordId: expect.stringMatching(/^00T/) });
      const updated = await attempt((created as { recordId: string }).recordId);
      const refusal = 'Unable to create/update fields: TaskSubtype.';
      if (mode === 'Lightning') expect(updated).toMatchObject({ details: [expect.objectContaining({ message: expect.stringContaining(refusal), fields: ['TaskSubtype'] })] });
      else expect(updated).toMatchObject({ error: expect.stringContaining(refusal) });
    } finally {
      await page.close();
    }
  });
});

describe('the standby softphone', () => {
  it.each(['Lightning', 'Classic'] as const)('is framed as the adapter is when the softphone does not notify in time, and kept for the session (%s)', async (mode) => {
    const standby = `${probe.origin}/standby`;
    const before = sim.settings();
    sim.updateSettings({ '/reqGeneralInfo/reqStandbyUrl': standby, '/reqGeneralInfo/reqTimeout': '1' });
    const page = await browser.context.newPage();
    try {
      await page.goto(sim.consoleUrl(mode));
      const framed = () => page.getAttribute('iframe#softphone', 'src');
      const expected = mode === 'Lightning' ? `${standby}?sfdcIframeOrigin=${encodeURIComponent(sim.origin)}&mode=Lightning` : `${standby}?sfdcIFrameOrigin=${encodeURIComponent(sim.origin)}`;
      await expect.poll(framed).toBe(expected);
      // The agent's next page in this session frames the standby softphone at once, however long the timeout.
      sim.updateSettings({ '/reqGeneralInfo/reqTimeout': '600000' });
      await page.reload();
      await expect.poll(framed).toBe(expected);
    } finally {
      await page.close();
      sim.updateSettings({ '/reqGeneralInfo/reqStandbyUrl': before['/reqGeneralInfo/reqStandbyUrl'] ?? '', '/reqGeneralInfo/reqTimeout': before['/reqGeneralInfo/reqTimeout'] ?? '' });
    }
  });
});

describe('the simulator admin page', () => {
  it('chooses the documented shape of Lightning search results', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(sim.adminUrl);
      await page.selectOption('#lightning-search-results', 'object');
      await page.click('#save-behaviour');
      await page.waitForSelector('#behaviour-saved:text("Saved")');
      expect(sim.behaviour()).toEqual({ lightningSearchResults: 'object' });
    } finally {
      sim.setBehaviour({ lightningSearchResults: 'RecordType' });
      await page.close();
    }
  });

  it('turns a widget off for the next load', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(sim.adminUrl);
      await page.fill('[data-key="/PatchbayWidgets/Widgets"]', 'presence,dialpad');
      await page.click('#save-settings');
      await page.waitForSelector('#saved:text("Saved")');
      const frame = await openConsole(page, sim.consoleUrl('Lightning'));
      const enabled = await frame.evaluate(() => window.probe.lib.parseCallCenterSettings(window.probe.settings!).enabledWidgets);
      expect(enabled).toEqual(['presence', 'dialpad']);
      expect(sim.settings()['/PatchbayWidgets/Widgets']).toBe('presence,dialpad');
    } finally {
      await page.close();
    }
  });
});

describe('a hostile sfdcIframeOrigin', () => {
  it('is refused, and no script is requested from it', async () => {
    const page = await browser.context.newPage();
    try {
      const frame = await openConsole(page, hostile.consoleUrl('Lightning'));
      expect(await frame.evaluate(() => window.probe.error)).toMatchObject({ name: 'OriginNotAllowedError', code: 'OPENCTI_ORIGIN_REFUSED' });
      expect(await frame.textContent('#status')).toContain(hostile.origin);
      expect(hostile.requests().filter((path) => path.startsWith('/support/'))).toEqual([]);
      expect(hostile.consoleState().initialized).toBe(false);
    } finally {
      await page.close();
    }
  });
});
