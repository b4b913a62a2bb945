/**
 * OpenCti over Salesforce Classic's sforce.interaction and sforce.interaction.cti: positional
 * arguments, callbacks with { result, error }, results as strings (JSON) or booleans.
 */
import { NotSupportedInApi, SalesforceError, UnexpectedResponseError } from './errors.js';
import { pending } from './pending.js';
import { flatStrings, isRecord, stringField, toQueryString } from './values.js';
import type { ClassicCallback, ClassicResponse, SforceInteraction } from './sforce.js';
import {
  DEFAULT_TIMEOUT_MS,
  type OpenCti,
  type OpenCtiCapabilities,
  type OpenCtiOptions,
  type PageInfo,
  type ScreenPopTarget,
  type SearchAndScreenPopResult,
  stoppableListener,
  warnDropped,
} from './types.js';

const CAPABILITIES: OpenCtiCapabilities = {
  panelLabelAndIcon: false,
  utilityItemLabelAndIcon: false,
  searchDefaultFieldValues: false,
  screenPopKinds: ['record', 'url', 'deferred'],
  isInConsole: true,
};

export function createClassicOpenCti(sforce: SforceInteraction, options: OpenCtiOptions = {}): OpenCti {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const onDropped = options.onDropped ?? warnDropped;

  /** `invoke` receives the callback to pass last; resolves with `result` or rejects with Salesforce's error. */
  const call = async (method: string, invoke: (callback: ClassicCallback) => void): Promise<ClassicResponse> => {
    const response = await pending<ClassicResponse>(method, timeoutMs, invoke, (thrown) =>
      new SalesforceError('CLIENT_VALIDATION', thrown instanceof Error ? thrown.message : String(thrown), method),
    );
    if (!isRecord(response)) throw new UnexpectedResponseError(method, 'the callback got no response object', response);
    if (typeof response.error === 'string' && response.error !== '') {
      throw new SalesforceError('CLASSIC_ERROR', response.error, method);
    }
    return response;
  };

  /** Methods whose documented result is true on success. */
  const callTrue = async (method: string, invoke: (callback: ClassicCallback) => void): Promise<void> => {
    const { result } = await call(method, invoke);
    if (result !== true && result !== 'true') throw new SalesforceError('CLASSIC_ERROR', `Salesforce answered ${String(result)}`, method);
  };

  const callJson = async (method: string, invoke: (callback: ClassicCallback) => void): Promise<unknown> => {
    const { result } = await call(method, invoke);
    return parseJsonResult(method, result);
  };

  const notSupported = (method: string, hint?: string) => async (): Promise<never> => {
    throw new NotSupportedInApi(method, 'Classic', hint);
  };

  const listen = <T>(method: string, register: (listener: ClassicCallback) => void, parse: (result: unknown) => T | null, listener: (value: T) => void) => {
    const { receive, stop } = stoppableListener(
      (response) => (isRecord(response) && !response.error ? parse(safeJson(response.result)) : null),
      listener,
      (response) => onDropped(method, 'the result lacks the documented fields', response),
    );
    register(receive);
    return stop;
  };

  return {
    api: 'Classic',
    capabilities: CAPABILITIES,

    enableClickToDial: () => callTrue('enableClickToDial', (cb) => sforce.cti.enableClickToDial(cb)),
    disableClickToDial: () => callTrue('disableClickToDial', (cb) => sforce.cti.disableClickToDial(cb)),
    onClickToDial: (listener) =>
      listen(
        'onClickToDial',
        (l) => sforce.cti.onClickToDial(l),
        (result) => {
          const number = stringField(result, 'number');
          if (number === null) return null;
          return { number, recordId: stringField(result, 'objectId'), recordName: stringField(result, 'objectName'), objectType: stringField(result, 'object') };
        },
        listener,
      ),

    async screenPop(target) {
      const url = classicPopUrl(target);
      await callTrue('screenPop', (cb) => sforce.screenPop(url, true, cb));
    },

    async searchAndScreenPop(request): Promise<SearchAndScreenPopResult> {
      if (request.defaultFieldValues !== undefined) {
        throw new NotSupportedInApi('searchAndScreenPop with defaultFieldValues', 'Classic', 'the softphone layout decides what a no-match pop shows');
      }
      const queryParams = request.queryParams ?? '';
      if (request.deferred === true) {
        const found = await callJson('searchAndGetScreenPopUrl', (cb) =>
          sforce.searchAndGetScreenPopUrl(request.searchParams, queryParams, request.callType, cb),
        );
        const url = stringField(found, 'screenPopUrl');
        return { matches: classicMatches(found), deferredPop: url === null ? null : { api: 'Classic', data: { url } } };
      }
      const found = await callJson('searchAndScreenPop', (cb) =>
        sforce.searchAndScreenPop(request.searchParams, queryParams, request.callType, cb),
      );
      return { matches: classicMatches(found), deferredPop: null };
    },

    async saveLog(request) {
      const fields = request.id === undefined ? request.fields : { Id: request.id, ...request.fields };
      const object = request.entityApiName;
      const response = await call('saveLog', (cb) => sforce.saveLog(object, toQueryString(fields), cb));
      const id = response.id ?? (typeof response.result === 'string' ? response.result : undefined) ?? request.id;
      if (typeof id !== 'string' || id === '') throw new UnexpectedResponseError('saveLog', 'no id in the answer', response);
      return id;
    },
    refreshView: () => callTrue('refreshPage', (cb) => sforce.refreshPage(cb)),

    setPanelVisible: (visible) => callTrue('setVisible', (cb) => sforce.setVisible(visible, cb)),
    async isPanelVisible() {
      const { result } = await call('isVisible', (cb) => sforce.isVisible(cb));
      return result === true || result === 'true';
    },
    setPanelHeight: (px) => callTrue('setSoftphoneHeight', (cb) => sforce.cti.setSoftphoneHeight(px, cb)),
    setPanelWidth: (px) => callTrue('setSoftphoneWidth', (cb) => sforce.cti.setSoftphoneWidth(px, cb)),
    setPanelLabel: notSupported('setSoftphonePanelLabel', 'Classic has no panel label'),
    setPanelIcon: notSupported('setSoftphonePanelIcon', 'Classic has no panel icon'),
    setItemLabel: notSupported('setSoftphoneItemLabel', 'Classic has no utility bar'),
    setItemIcon: notSupported('setSoftphoneItemIcon', 'Classic has no utility bar'),

    async getCallCenterSettings() {
      return flatStrings('getCallCenterSettings', await callJson('getCallCenterSettings', (cb) => sforce.cti.getCallCenterSettings(cb)));
    },
    async getSoftphoneLayout() {
      const layout = await callJson('getSoftphoneLayout', (cb) => sforce.cti.getSoftphoneLayout(cb));
      if (!isRecord(layout)) throw new UnexpectedResponseError('getSoftphoneLayout', 'not an object', layout);
      return layout;
    },
    async getPageInfo() {
      const page = parseClassicPage(await callJson('getPageInfo', (cb) => sforce.getPageInfo(cb)));
      if (page === null) throw new UnexpectedResponseError('getPageInfo', 'no url in the result', page);
      return page;
    },
    onNavigationChange: (listener) => listen('onFocus', (l) => sforce.onFocus(l), parseClassicPage, listener),
    async notifyInitializationComplete() {
      // Classic's method takes no arguments and answers nothing.
      sforce.cti.notifyInitializationComplete();
    },
    async runApex(request) {
      // runApex() for Salesforce Classic documents only a query string, empty when there is nothing to pass.
      const { result } = await call('runApex', (cb) =>
        sforce.runApex(request.apexClass, request.methodName, toQueryString(request.methodParams), cb),
      );
      return result;
    },
    async isInConsole() {
      const { result } = await call('isInConsole', (cb) => sforce.isInConsole(cb));
      return result === true || result === 'true';
    },
  };
}

/** Classic pops only to a URL; a record is its id path. */
function classicPopUrl(target: ScreenPopTarget): string {
  switch (target.kind) {
    case 'record':
      return `/${target.recordId}`;
    case 'url':
      return target.url;
    case 'deferred': {
      const url = target.pop.api === 'Classic' ? target.pop.data.url : undefined;
      if (typeof url !== 'string') {
        throw new NotSupportedInApi('screenPop(deferred Lightning pop)', 'Classic', 'a deferred pop only replays in the API that made it');
      }
      return url;
    }
    default:
      throw new NotSupportedInApi(`screenPop(${target.kind})`, 'Classic', 'Classic pops only a record or a URL');
  }
}

/** Result keyed by record id: { "<id>": { Name, object, displayName } }, plus screenPopUrl when asked. */
function classicMatches(found: unknown) {
  if (!isRecord(found)) return [];
  return Object.entries(found)
    .filter(([key, entry]) => key !== 'screenPopUrl' && isRecord(entry))
    .map(([id, entry]) => ({ id, name: stringField(entry, 'Name'), objectType: stringField(entry, 'object') }));
}

function parseClassicPage(value: unknown): PageInfo | null {
  const url = stringField(value, 'url');
  if (url === null) return null;
  return { url, recordId: stringField(value, 'objectId'), recordName: stringField(value, 'objectName'), objectType: stringField(value, 'object') };
}

function safeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function parseJsonResult(method: string, result: unknown): unknown {
  if (typeof result !== 'string') return result ?? null;
  if (result === '') return null;
  try {
    return JSON.parse(result) as unknown;
  } catch (cause) {
    throw new UnexpectedResponseError(method, `result is not JSON (${String(cause)})`, result);
  }
}
