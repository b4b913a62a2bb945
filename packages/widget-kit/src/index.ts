export { WIDGET_FAULT_EVENT, WIDGET_DECLARATION_FILE, HANG_MS, faultEvent, type WidgetModule, type WidgetInputs, type WidgetFault } from './interface.js';
export { reportFaults } from './report-faults.js';
export { watchedRun } from './watched-run.js';
export { widgetBusView, type WidgetBusViewOptions, type HandlerWatch } from './widget-bus-view.js';
