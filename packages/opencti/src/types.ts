/**
 * One promise-based interface over both Open CTI APIs (Lightning Experience's sforce.opencti and
 * Salesforce Classic's sforce.interaction). Names follow the Lightning API; the Classic
 * implementation maps them (see the Open CTI developer guide, "Method Parity Between Open CTI for
 * Salesforce Classic and Lightning Experience"). A method with no counterpart in the running API
 * rejects with NotSupportedInApi; `capabilities` lets a caller decide before calling.
 *
 * Every method rejects with SalesforceError (Salesforce's code and message) when Salesforce reports
 * a failure, and SalesforceTimeoutError when it does not answer.
 */
import type { OpenCtiApi } from './errors.js';

export type CallType = 'inbound' | 'outbound' | 'internal';

/** A phone number the agent clicked. */
export interface ClickToDialEvent {
  number: string;
  /** Record the number belongs to, when Salesforce says. */
  recordId: string | null;
  recordName: string | null;
  objectType: string | null;
}

/** Where the agent is (getAppViewInfo in Lightning, getPageInfo/onFocus in Classic). */
export interface PageInfo {
  url: string;
  recordId: string | null;
  recordName: string | null;
  objectType: string | null;
}

/** An opaque pop returned by a deferred search, to perform later with screenPop({ kind: 'deferred' }). */
export interface DeferredScreenPop {
  readonly api: OpenCtiApi;
  /** Lightning: SCREEN_POP_DATA as Salesforce returned it, passed to screenPop unmodified; Classic: { url } from searchAndGetScreenPopUrl. */
  readonly data: Readonly<Record<string, unknown>>;
}

export type ScreenPopTarget =
  | { kind: 'record'; recordId: string }
  /** A relative URL inside Salesforce. */
  | { kind: 'url'; url: string }
  | { kind: 'objectHome'; scope: string }
  | { kind: 'list'; listViewId: string; scope: string }
  /** At least 3 characters (Lightning's rule). */
  | { kind: 'search'; searchString: string }
  | { kind: 'newRecord'; entityName: string; defaultFieldValues?: Record<string, string> }
  | { kind: 'flow'; flowDevName: string; flowArgs?: FlowArg[] }
  | { kind: 'deferred'; pop: DeferredScreenPop };

export interface FlowArg {
  name: string;
  type: string;
  value: unknown;
}

export interface SearchAndScreenPopRequest {
  /** The string to search, usually the caller's number. */
  searchParams: string;
  callType: CallType;
  /** Passed to a Visualforce pop target. */
  queryParams?: string;
  /** Lightning only: fields of the new record popped when nothing matches. */
  defaultFieldValues?: Record<string, string>;
  /** Search without popping; the result carries the pop to perform later. */
  deferred?: boolean;
}

export interface SearchMatch {
  id: string;
  name: string | null;
  /** As the search named it (Lightning's RecordType or object, Classic's object); null when it named none. */
  objectType: string | null;
}

export interface SearchAndScreenPopResult {
  matches: SearchMatch[];
  /** Present when the request was deferred. */
  deferredPop: DeferredScreenPop | null;
}

/** Fields of a record to create (no Id) or update (with Id). */
export interface SaveLogRequest {
  /** API name of the object to create, e.g. Task. Ignored when `Id` is present. */
  entityApiName: string;
  fields: Record<string, string | number | boolean>;
  /** Update this record instead of creating one. */
  id?: string;
}

export interface RunApexRequest {
  apexClass: string;
  methodName: string;
  /** Sent as a query string (name=acme&phone=...), as both APIs document. */
  methodParams: Record<string, string>;
}

/** What the running API can do, so callers branch instead of catching NotSupportedInApi. */
export interface OpenCtiCapabilities {
  panelLabelAndIcon: boolean;
  utilityItemLabelAndIcon: boolean;
  searchDefaultFieldValues: boolean;
  screenPopKinds: ReadonlyArray<ScreenPopTarget['kind']>;
  isInConsole: boolean;
  /**
   * Salesforce shows the softphone at the call center's reqSoftphoneHeight/Width (Classic's
   * sidebar); false where the panel opens at a size of its own (Lightning's utility item) until
   * the softphone sets it.
   */
  panelSizedByCallCenter: boolean;
}

export type Unsubscribe = () => void;

export interface OpenCti {
  readonly api: OpenCtiApi;
  readonly capabilities: OpenCtiCapabilities;

  enableClickToDial(): Promise<void>;
  disableClickToDial(): Promise<void>;
  /** Registers a listener; Open CTI has no way to unregister, so the returned function only mutes it. */
  onClickToDial(listener: (event: ClickToDialEvent) => void): Unsubscribe;

  screenPop(target: ScreenPopTarget): Promise<void>;
  searchAndScreenPop(request: SearchAndScreenPopRequest): Promise<SearchAndScreenPopResult>;
  /** Resolves with the created or updated record's id. */
  saveLog(request: SaveLogRequest): Promise<string>;
  refreshView(): Promise<void>;

  setPanelVisible(visible: boolean): Promise<void>;
  isPanelVisible(): Promise<boolean>;
  /** Lightning accepts 240–2560 px. */
  setPanelHeight(px: number): Promise<void>;
  /** Lightning accepts 200–1920 px. */
  setPanelWidth(px: number): Promise<void>;
  setPanelLabel(label: string): Promise<void>;
  /** An SLDS icon key, e.g. "call" or "end_call". */
  setPanelIcon(key: string): Promise<void>;
  /** The softphone item's label in Lightning's utility bar (visible while the panel is closed). */
  setItemLabel(label: string): Promise<void>;
  setItemIcon(key: string): Promise<void>;

  /** The call center's settings as Salesforce's flat keys: `/reqGeneralInfo/reqAdapterUrl`, `/<section>/<item>`. */
  getCallCenterSettings(): Promise<Record<string, string>>;
  getSoftphoneLayout(): Promise<Record<string, unknown>>;
  getPageInfo(): Promise<PageInfo>;
  onNavigationChange(listener: (page: PageInfo) => void): Unsubscribe;
  notifyInitializationComplete(): Promise<void>;
  /** Resolves with the Apex method's return value as Salesforce passes it (usually a string). */
  runApex(request: RunApexRequest): Promise<unknown>;
  /** Classic only. */
  isInConsole(): Promise<boolean>;
}

export interface OpenCtiOptions {
  /** How long to wait for Salesforce to answer a call. */
  timeoutMs?: number;
  /** Told about a listener payload that lacks what the API documents; it is dropped. Default: console.warn. */
  onDropped?: (method: string, reason: string, payload: unknown) => void;
}

export const warnDropped = (method: string, reason: string, payload: unknown): void =>
  // The default when the shell hands in no logger.
  console.warn(`Open CTI ${method}: dropped a payload: ${reason}`, payload);

/**
 * A listener's payload handler for either API: what `parse` cannot read is reported as dropped,
 * the rest reaches `listener` until the returned stop is called. Open CTI has no way to
 * unregister a listener, so stopping only ends delivery.
 */
export function stoppableListener<T>(
  parse: (payload: unknown) => T | null,
  listener: (value: T) => void,
  dropped: (payload: unknown) => void,
): { receive: (payload: unknown) => void; stop: () => void } {
  let active = true;
  return {
    receive: (payload) => {
      const value = parse(payload);
      if (value === null) dropped(payload);
      else if (active) listener(value);
    },
    stop: () => {
      active = false;
    },
  };
}

export const DEFAULT_TIMEOUT_MS = 15_000;
