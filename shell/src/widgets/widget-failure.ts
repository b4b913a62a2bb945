/** Why a widget is not running: it did not load, or its own code failed once mounted. */
export type WidgetFailureCode =
  | 'WIDGET-LOAD'
  | 'WIDGET-INTEGRITY'
  | 'WIDGET-TIMEOUT'
  | 'WIDGET-SHAPE'
  | 'WIDGET-DEFINE'
  | 'WIDGET-MISSING'
  | 'WIDGET-ENTRY'
  /** Built for a contract release this shell cannot serve. */
  | 'WIDGET-CONTRACT'
  | 'WIDGET-MANIFEST'
  /** Its render, a lifecycle method or a bus handler threw. */
  | 'WIDGET-FAULT'
  /** Its code held the page's thread longer than HANG_MS. */
  | 'WIDGET-HUNG';

export class WidgetFailure extends Error {
  override name = 'WidgetFailure';
  constructor(
    readonly code: WidgetFailureCode,
    readonly widget: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
