/**
 * OpenCti over Lightning Experience's sforce.opencti (API 38.0+). Every call passes exactly one
 * object argument and settles from the documented { success, returnValue, errors } response
 * (Common Error Messages for Lightning Experience Methods); any other answer is an
 * UnexpectedResponseError naming the method.
 */
import { NotSupportedInApi, SalesforceError, UnexpectedResponseError } from './errors.js';
import { pending } from './pending.js';
import { flatStrings, isRecord, stringField, toQueryString } from './values.js';
import type { LightningCallback, LightningResponse, SforceOpenCti } from './sforce.js';
import {
  DEFAULT_TIMEOUT_MS,
  type ClickToDialEvent,
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
  panelLabelAndIcon: true,
  utilityItemLabelAndIcon: true,
  searchDefaultFieldValues: true,
  screenPopKinds: ['record', 'url', 'objectHome', 'list', 'search', 'newRecord', 'flow', 'deferred'],
  isInConsole: false,
  panelSizedByCallCenter: false,
};

export function createLightningOpenCti(sforce: SforceOpenCti, options: OpenCtiOptions = {}): OpenCti {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const onDropped = options.onDropped ?? warnDropped;

  /** Calls `method` with `args` plus a callback; resolves with returnValue or rejects with Salesforce's error. */
  const call = async (method: keyof SforceOpenCti, args: Record<string, unknown> = {}): Promise<unknown> => {
    const response = await pending<LightningResponse>(
      method,
      timeoutMs,
      (done) => (sforce[method] as (a: Record<string, unknown>) => void).call(sforce, { ...args, callback: done as LightningCallback }),
      (thrown) => new SalesforceError('CLIENT_VALIDATION', thrown instanceof Error ? thrown.message : String(thrown), method),
    );
    if (!isRecord(response) || typeof response.success !== 'boolean') {
      throw new UnexpectedResponseError(method, 'the callback got no { success, returnValue, errors } response', response);
    }
    if (!response.success) {
      const first = Array.isArray(response.errors) ? response.errors[0] : undefined;
      throw new SalesforceError(first?.code ?? 'GENERIC_ERROR', first?.description ?? 'Salesforce reported a failure without a description', method, first?.details);
    }
    return response.returnValue;
  };

  const callVoid = async (method: keyof SforceOpenCti, args?: Record<string, unknown>): Promise<void> => {
    await call(method, args);
  };

  /** Listeners have no unregister in Open CTI; a flag mutes ours. */
  const listen = <T>(method: 'onClickToDial' | 'onNavigationChange', parse: (payload: unknown) => T | null, listener: (value: T) => void) => {
    const { receive, stop } = stoppableListener(parse, listener, (payload) => onDropped(method, method === 'onClickToDial' ? 'no number' : 'no url', payload));
    sforce[method]({ listener: receive });
    return stop;
  };

  return {
    api: 'Lightning',
    capabilities: CAPABILITIES,

    enableClickToDial: () => callVoid('enableClickToDial'),
    disableClickToDial: () => callVoid('disableClickToDial'),
    onClickToDial: (listener) => listen('onClickToDial', parseClickToDial, listener),

    async screenPop(target) {
      await callVoid('screenPop', screenPopArgs(sforce, target));
    },

    async searchAndScreenPop(request): Promise<SearchAndScreenPopResult> {
      const returnValue = await call('searchAndScreenPop', {
        searchParams: request.searchParams,
        callType: sforce.CALL_TYPE[callTypeKey(request.callType)],
        ...(request.queryParams !== undefined && { queryParams: request.queryParams }),
        ...(request.defaultFieldValues !== undefined && { defaultFieldValues: request.defaultFieldValues }),
        ...(request.deferred !== undefined && { deferred: request.deferred }),
      });
      return parseSearchResult(returnValue);
    },

    async saveLog(request) {
      const value = request.id === undefined ? { entityApiName: request.entityApiName, ...request.fields } : { Id: request.id, ...request.fields };
      const returnValue = await call('saveLog', { value });
      // saveLog() for Lightning Experience: "ID of object", which Salesforce answers as { recordId }.
      const recordId = typeof returnValue === 'string' && returnValue !== '' ? returnValue : stringField(returnValue, 'recordId');
      if (recordId === null) throw new UnexpectedResponseError('saveLog', 'no record id in returnValue', returnValue);
      return recordId;
    },
    refreshView: () => callVoid('refreshView'),

    setPanelVisible: (visible) => callVoid('setSoftphonePanelVisibility', { visible }),
    async isPanelVisible() {
      const returnValue = await call('isSoftphonePanelVisible');
      if (!isRecord(returnValue) || typeof returnValue.visible !== 'boolean') {
        throw new UnexpectedResponseError('isSoftphonePanelVisible', 'returnValue.visible is not a boolean', returnValue);
      }
      return returnValue.visible;
    },
    setPanelHeight: (px) => callVoid('setSoftphonePanelHeight', { heightPX: px }),
    setPanelWidth: (px) => callVoid('setSoftphonePanelWidth', { widthPX: px }),
    setPanelLabel: (label) => callVoid('setSoftphonePanelLabel', { label }),
    setPanelIcon: (key) => callVoid('setSoftphonePanelIcon', { key }),
    setItemLabel: (label) => callVoid('setSoftphoneItemLabel', { label }),
    setItemIcon: (key) => callVoid('setSoftphoneItemIcon', { key }),

    async getCallCenterSettings() {
      return flatStrings('getCallCenterSettings', await call('getCallCenterSettings'));
    },
    async getSoftphoneLayout() {
      const returnValue = await call('getSoftphoneLayout');
      if (!isRecord(returnValue)) throw new UnexpectedResponseError('getSoftphoneLayout', 'not an object', returnValue);
      return returnValue;
    },
    async getPageInfo() {
      const page = parsePageInfo(await call('getAppViewInfo'));
      if (page === null) throw new UnexpectedResponseError('getAppViewInfo', 'no url in returnValue', page);
      return page;
    },
    onNavigationChange: (listener) => listen('onNavigationChange', parsePageInfo, listener),
    notifyInitializationComplete: () => callVoid('notifyInitializationComplete'),

    async runApex(request) {
      const returnValue = await call('runApex', {
        apexClass: request.apexClass,
        methodName: request.methodName,
        // runApex() for Lightning Experience: a method without parameters gets `none`, not an empty query string.
        methodParams: Object.keys(request.methodParams).length === 0 ? 'none' : toQueryString(request.methodParams),
      });
      // Documented answer: { runApex: <the method's return value> }.
      if (!isRecord(returnValue) || !('runApex' in returnValue)) {
        throw new UnexpectedResponseError('runApex', 'no runApex in returnValue', returnValue);
      }
      return returnValue.runApex;
    },

    isInConsole: async () => {
      throw new NotSupportedInApi('isInConsole', 'Lightning', 'Lightning has no equivalent');
    },
  };
}

function callTypeKey(callType: string): 'INBOUND' | 'OUTBOUND' | 'INTERNAL' {
  return callType.toUpperCase() as 'INBOUND' | 'OUTBOUND' | 'INTERNAL';
}

/** The documented `params` for each SCREENPOP_TYPE. */
function screenPopArgs(sforce: SforceOpenCti, target: ScreenPopTarget): Record<string, unknown> {
  const type = sforce.SCREENPOP_TYPE;
  switch (target.kind) {
    case 'record':
      return { type: type.SOBJECT, params: { recordId: target.recordId } };
    case 'url':
      return { type: type.URL, params: { url: target.url } };
    case 'objectHome':
      return { type: type.OBJECTHOME, params: { scope: target.scope } };
    case 'list':
      return { type: type.LIST, params: { listViewId: target.listViewId, scope: target.scope } };
    case 'search':
      return { type: type.SEARCH, params: { searchString: target.searchString } };
    case 'newRecord':
      return {
        type: type.NEW_RECORD_MODAL,
        params: { entityName: target.entityName, ...(target.defaultFieldValues && { defaultFieldValues: target.defaultFieldValues }) },
      };
    case 'flow':
      return { type: type.FLOW, params: { flowDevName: target.flowDevName, ...(target.flowArgs && { flowArgs: target.flowArgs }) } };
    case 'deferred':
      if (target.pop.api !== 'Lightning') {
        throw new NotSupportedInApi('screenPop(deferred Classic pop)', 'Lightning', 'a deferred pop only replays in the API that made it');
      }
      // searchAndScreenPop() for Lightning Experience: SCREEN_POP_DATA goes to screenPop() unmodified.
      return { ...target.pop.data };
  }
}

/**
 * returnValue is keyed by record id, plus SCREEN_POP_DATA when deferred. The guide's example
 * (searchAndScreenPop() for Lightning Experience) shows entries of two shapes in one answer:
 * { Id, LastModifiedDate, Name, RecordType } and { Name, object, displayName }; an entry may name
 * no type at all (the fields come from the softphone layout).
 */
function parseSearchResult(returnValue: unknown): SearchAndScreenPopResult {
  if (returnValue === null || returnValue === undefined) return { matches: [], deferredPop: null };
  if (!isRecord(returnValue)) throw new UnexpectedResponseError('searchAndScreenPop', 'returnValue is not an object', returnValue);
  const matches: SearchMatch[] = [];
  let deferredPop: SearchAndScreenPopResult['deferredPop'] = null;
  for (const [key, entry] of Object.entries(returnValue)) {
    if (!isRecord(entry)) throw new UnexpectedResponseError('searchAndScreenPop', `${key} is not an object`, returnValue);
    if (key === 'SCREEN_POP_DATA') deferredPop = { api: 'Lightning', data: entry };
    else matches.push({ id: stringField(entry, 'Id') ?? key, name: stringField(entry, 'Name'), objectType: stringField(entry, 'RecordType') ?? stringField(entry, 'object') });
  }
  return { matches, deferredPop };
}

function parseClickToDial(payload: unknown): ClickToDialEvent | null {
  // API 44 documented the payload under returnValue; later versions pass it directly.
  const body = isRecord(payload) && isRecord(payload.returnValue) ? payload.returnValue : payload;
  const number = stringField(body, 'number');
  if (number === null) return null;
  return {
    number,
    recordId: stringField(body, 'recordId'),
    recordName: stringField(body, 'recordName'),
    objectType: stringField(body, 'objectType'),
  };
}

function parsePageInfo(value: unknown): PageInfo | null {
  const url = stringField(value, 'url');
  if (url === null) return null;
  return {
    url,
    recordId: stringField(value, 'recordId'),
    recordName: stringField(value, 'recordName'),
    objectType: stringField(value, 'objectType'),
  };
}
