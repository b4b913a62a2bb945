/**
 * The raw Salesforce objects as documented in the Open CTI developer guide. Only lightning.ts and
 * classic.ts touch them.
 */

/** Lightning callbacks receive this (Common Error Messages for Lightning Experience Methods). */
export interface LightningResponse {
  success: boolean;
  returnValue: unknown;
  errors: LightningErrorEntry[] | null;
}

export interface LightningErrorEntry {
  code?: string;
  description?: string;
  details?: unknown;
}

export type LightningCallback = (response: LightningResponse) => void;

/** sforce.opencti: every method takes exactly one object argument. */
export interface SforceOpenCti {
  SCREENPOP_TYPE: Record<'SOBJECT' | 'URL' | 'OBJECTHOME' | 'LIST' | 'SEARCH' | 'NEW_RECORD_MODAL' | 'FLOW', string>;
  CALL_TYPE: Record<'INBOUND' | 'OUTBOUND' | 'INTERNAL', string>;
  enableClickToDial(args: { callback?: LightningCallback }): void;
  disableClickToDial(args: { callback?: LightningCallback }): void;
  onClickToDial(args: { listener: (payload: unknown) => void }): void;
  screenPop(args: { type: string; params: unknown; callback?: LightningCallback }): void;
  searchAndScreenPop(args: { searchParams: string; queryParams?: string; defaultFieldValues?: Record<string, string>; callType: string; deferred?: boolean; callback?: LightningCallback }): void;
  saveLog(args: { value: Record<string, unknown>; callback?: LightningCallback }): void;
  refreshView(args: { callback?: LightningCallback }): void;
  setSoftphonePanelVisibility(args: { visible: boolean; callback?: LightningCallback }): void;
  isSoftphonePanelVisible(args: { callback: LightningCallback }): void;
  setSoftphonePanelHeight(args: { heightPX: number; callback?: LightningCallback }): void;
  setSoftphonePanelWidth(args: { widthPX: number; callback?: LightningCallback }): void;
  setSoftphonePanelLabel(args: { label: string; callback?: LightningCallback }): void;
  setSoftphonePanelIcon(args: { key: string; callback?: LightningCallback }): void;
  setSoftphoneItemLabel(args: { label: string; callback?: LightningCallback }): void;
  setSoftphoneItemIcon(args: { key: string; callback?: LightningCallback }): void;
  getCallCenterSettings(args: { callback: LightningCallback }): void;
  getSoftphoneLayout(args: { callback: LightningCallback }): void;
  getAppViewInfo(args: { callback: LightningCallback }): void;
  onNavigationChange(args: { listener: (payload: unknown) => void }): void;
  notifyInitializationComplete(args?: { callback?: LightningCallback }): void;
  runApex(args: { apexClass: string; methodName: string; methodParams: string; callback?: LightningCallback }): void;
}

/** Classic callbacks receive this; `result` is a string (often JSON) or a boolean. */
export interface ClassicResponse {
  result?: unknown;
  error?: string;
  /** saveLog puts the new record's id here. */
  id?: string;
}

export type ClassicCallback = (response: ClassicResponse) => void;

/** sforce.interaction (positional arguments, callbacks last). */
export interface SforceInteraction {
  getPageInfo(callback: ClassicCallback): void;
  isInConsole(callback: ClassicCallback): void;
  isVisible(callback: ClassicCallback): void;
  setVisible(value: boolean, callback?: ClassicCallback): void;
  onFocus(listener: ClassicCallback): void;
  refreshPage(callback?: ClassicCallback): void;
  runApex(apexClass: string, methodName: string, methodParams: string, callback?: ClassicCallback): void;
  saveLog(object: string, saveParams: string, callback?: ClassicCallback): void;
  screenPop(url: string, force: boolean, callback?: ClassicCallback): void;
  searchAndScreenPop(searchParams: string, queryParams: string, callType: string, callback?: ClassicCallback): void;
  searchAndGetScreenPopUrl(searchParams: string, queryParams: string, callType: string, callback: ClassicCallback): void;
  cti: SforceInteractionCti;
}

export interface SforceInteractionCti {
  enableClickToDial(callback?: ClassicCallback): void;
  disableClickToDial(callback?: ClassicCallback): void;
  onClickToDial(listener: ClassicCallback): void;
  getCallCenterSettings(callback: ClassicCallback): void;
  getSoftphoneLayout(callback: ClassicCallback): void;
  setSoftphoneHeight(height: number, callback?: ClassicCallback): void;
  setSoftphoneWidth(width: number, callback?: ClassicCallback): void;
  notifyInitializationComplete(): void;
}

/** The global `sforce` once a script has loaded. */
export interface SforceGlobal {
  opencti?: SforceOpenCti;
  interaction?: SforceInteraction;
}
