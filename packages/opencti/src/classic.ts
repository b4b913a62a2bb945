/**
 * OpenCti over Salesforce Classic's sforce.interaction and sforce.interaction.cti: positional
 * arguments, callbacks with { result, error }, results as strings (JSON) or booleans, each as the
 * method's page in the guide shows it. Any other answer is an UnexpectedResponseError naming the
 * method.
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
  type SearchMatch,
  stoppableListener,
  warnDropped,
} from './types.js';

const CAPABILITIES: OpenCtiCapabilities = {
  panelLabelAndIcon: false,
  utilityItemLabelAndIcon: false,
  searchDefaultFieldValues: false,
  screenPopKinds: ['record', 'url', 'deferred'],
  isInConsole: true,
  panelSizedByCallCenter: true,
};

export function createClassicOpenCti(sforce: SforceInteraction, options: OpenCtiOptions = {}): OpenCti {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const onDropped = options.onDropped ?? warnDropped;

  /** `invoke` receives the callback to pass last; resolves with `result` or rejects with Salesforce's error. */
  const call = async (method: string, invoke: (callback: ClassicCallback) => void): Promise<ClassicResponse> => {
    const response = await pending<ClassicResponse>(method, timeoutMs, invoke, (thrown) => new SalesforceError('CLIENT_VALIDATION', thrown instanceof Error ? thrown.message : String(thrown), method));
    if (!isRecord(response) || !('result' in response || 'error' in response)) {
      throw new UnexpectedResponseError(method, 'the callback got no { result, error } response', response);
    }
    if (typeof response.error === 'string' && response.error !== '') {
      throw new SalesforceError('CLASSIC_ERROR', response.error, method);
    }
    return response;
  };

  const callBoolean = async (method: string, invoke: (callback: ClassicCallback) => void): Promise<boolean> => classicBoolean(method, (await call(method, invoke)).result);

  /** Methods whose documented result is true on success, false on failure. */
  const callTrue = async (method: string, invoke: (callback: ClassicCallback) => void): Promise<void> => {
    if (!(await callBoolean(method, invoke))) throw new SalesforceError('CLASSIC_ERROR', 'Salesforce answered false', method);
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
        const found = await callJson('searchAndGetScreenPopUrl', (cb) => sforce.searchAndGetScreenPopUrl(request.searchParams, queryParams, request.callType, cb));
        const url = stringField(found, 'screenPopUrl');
        return { matches: classicMatches('searchAndGetScreenPopUrl', found), deferredPop: url === null ? null : { api: 'Classic', data: { url } } };
      }
      const found = await callJson('searchAndScreenPop', (cb) => sforce.searchAndScreenPop(request.searchParams, queryParams, request.callType, cb));
      return { matches: classicMatches('searchAndScreenPop', found), deferredPop: null };
    },

    async saveLog(request) {
      const fields = request.id === undefined ? request.fields : { Id: request.id, ...request.fields };
      const object = request.entityApiName;
      const response = await call('saveLog', (cb) => sforce.saveLog(object, toQueryString(fields), cb));
      // saveLog() for Salesforce Classic: result true or false, and the id of a created record.
      if (!classicBoolean('saveLog', response.result)) throw new SalesforceError('CLASSIC_ERROR', 'Salesforce answered false', 'saveLog');
      const id = response.id ?? request.id;
      if (typeof id !== 'string' || id === '') throw new UnexpectedResponseError('saveLog', 'no id in the answer', response);
      return id;
    },
    refreshView: () => callTrue('refreshPage', (cb) => sforce.refreshPage(cb)),

    setPanelVisible: (visible) => callTrue('setVisible', (cb) => sforce.setVisible(visible, cb)),
    isPanelVisible: () => callBoolean('isVisible', (cb) => sforce.isVisible(cb)),
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
      const { result } = await call('runApex', (cb) => sforce.runApex(request.apexClass, request.methodName, toQueryString(request.methodParams), cb));
      return result;
    },
    isInConsole: () => callBoolean('isInConsole', (cb) => sforce.isInConsole(cb)),
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

/**
 * Result keyed by record id: { "<id>": { Name, object, displayName } }, plus screenPopUrl when
 * asked; when several records match, each carries a single field and so no `object`
 * (searchAndScreenPop() for Salesforce Classic).
 */
function classicMatches(method: string, found: unknown): SearchMatch[] {
  if (found === null) return [];
  if (!isRecord(found)) throw new UnexpectedResponseError(method, 'the result is not an object of matches', found);
  return Object.entries(found)
    .filter(([key]) => key !== 'screenPopUrl')
    .map(([id, entry]) => {
      if (!isRecord(entry)) throw new UnexpectedResponseError(method, `${id} is not an object`, found);
      return { id, name: stringField(entry, 'Name'), objectType: stringField(entry, 'object') };
    });
}

/** Classic answers booleans as booleans or as their strings. */
function classicBoolean(method: string, result: unknown): boolean {
  if (result === true || result === 'true') return true;
  if (result === false || result === 'false') return false;
  throw new UnexpectedResponseError(method, 'the result is not true or false', result);
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
