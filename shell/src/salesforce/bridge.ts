import { subjects, type CallSnapshot } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import {
  createCallLogSaver,
  describeSalesforceError,
  findTaskViaApex,
  splitExtension,
  taskForFinishedCall,
  taskRelations,
  webStorageLogStore,
  type SalesforceSession,
  type SearchMatch,
} from '@patchbay/opencti';
import type { LoggedCall } from '../calls/call-journal.js';
import { describeError, log } from '../log.js';
import { showRecordChooser } from '../ui/record-chooser.js';
import { RingNotifier } from '../ui/ring-notifier.js';
import { showNotice } from '../ui/notice.js';
import { CallRecords, dialledRecord } from './call-records.js';
import { ClickToDialSwitch } from './click-to-dial-switch.js';
import { ForegroundTab } from './foreground-tab.js';
import { recordForKeypadCall } from './keypad-call.js';
import { PageInView } from './page-in-view.js';
import { showCallStatus } from './panel-status.js';

export interface SalesforceBridge {
  /** Files a call's merged log as its one Task, however often it is saved; resolves with the Task's id. */
  fileCall(logged: LoggedCall): Promise<string>;
  /** Whether the agent's phone can place calls: registered here, or running in the agent's other tab. */
  phoneReady(ready: boolean): void;
}

function warnOnFailure(code: string, work: Promise<unknown>): void {
  work.catch((error: unknown) => log('warn', code, describeError(error)));
}

type CallWithId = CallSnapshot & { callId: string };

/**
 * Everything the softphone does with Salesforce, over the bus: click-to-dial becomes a dial
 * command, and is on only while the phone can dial; an inbound call opens the panel and pops the
 * caller's record; a call dialled on the keypad is searched as outbound and relates to the record
 * in view; the utility item and the panel show the call state; a wrapped-up call becomes a Task.
 * The widgets never see Open CTI. Every tab of the agent runs a bridge: each opens its panel for a
 * ringing call, one pops (ForegroundTab), and the phone's tab files the Tasks.
 */
export function bridgeSalesforce(session: SalesforceSession<unknown>, bus: Bus, noticeArea: HTMLElement, ownsPhone: () => boolean): SalesforceBridge {
  const { cti, config } = session;
  const records = new CallRecords(localStorage);
  /** The latest click-to-dial's record: its name and type, for the call whose snapshot names it. */
  let clicked: SearchMatch | null = null;
  const foreground = new ForegroundTab(localStorage);
  const saver = createCallLogSaver(cti, webStorageLogStore(localStorage), findTaskViaApex(cti));
  const clickToDial = new ClickToDialSwitch(cti, (error) => log('warn', 'CLICK-TO-DIAL', describeError(error)));
  const inView = new PageInView(cti, (error) => log('warn', 'PAGE-INFO', describeError(error)));
  const seen = new Map<string, CallSnapshot['status']>();
  const notifier = new RingNotifier(document, localStorage);
  notifier.askOnFirstGesture();

  // Lightning's utility panel opens at the utility item's size; the call center's applies once set.
  if (!cti.capabilities.panelSizedByCallCenter) {
    warnOnFailure('PANEL', cti.setPanelHeight(config.softphone.heightPx));
    warnOnFailure('PANEL', cti.setPanelWidth(config.softphone.widthPx));
  }

  // Bridged for the page's lifetime: Open CTI has no way to unregister its listeners. The number
  // goes out as clicked; the phone applies the dialing prefixes, as for a typed number. The
  // clicked record travels with the call (its snapshots carry it), and an extension written after
  // the number is dialled as DTMF once the call connects. The payload (number, recordId,
  // recordName, objectType) is Open CTI's: Open CTI Developer Guide, "onClickToDial() for
  // Lightning Experience"
  // (https://developer.salesforce.com/docs/service/api-cti/guide/sforce-api-cti-onclicktodial-lex.html).
  cti.onClickToDial((event) => {
    clicked = event.recordId ? { id: event.recordId, name: event.recordName, objectType: event.objectType } : null;
    warnOnFailure('CLICK-TO-DIAL', cti.setPanelVisible(true));
    const { number, extension } = splitExtension(event.number);
    const command = { number, ...(event.recordId ? { recordId: event.recordId } : {}), ...(extension ? { extension } : {}) };
    bus.publish(subjects.dial(bus.agentId), command).catch((error: unknown) => showNotice(noticeArea, `Cannot dial ${event.number}: ${describeError(error)}`));
  });

  const popInbound = async (call: CallWithId): Promise<void> => {
    warnOnFailure('PANEL', cti.setPanelVisible(true));
    if (!call.remoteNumber || !(await foreground.popsHere(ownsPhone()))) return;
    // Where the API can (Lightning), a new Contact popped for an unknown caller has the number in.
    const defaults = cti.capabilities.searchDefaultFieldValues ? { defaultFieldValues: { Phone: call.remoteNumber } } : {};
    const { matches } = await cti.searchAndScreenPop({ searchParams: call.remoteNumber, callType: 'inbound', ...defaults });
    if (seen.get(call.callId) === 'ringing-in')
      notifier.ring({
        callId: call.callId,
        caller: call.remoteNumber,
        record: matches.length === 1 ? (matches[0]?.name ?? 'One matching record') : matches.length === 0 ? 'No matching record' : `${matches.length} records match`,
        open: () => warnOnFailure('PANEL', cti.setPanelVisible(true)),
      });
    if (matches.length === 1) records.set(call.callId, matches[0] as SearchMatch);
    if (matches.length > 1) {
      showRecordChooser(noticeArea, matches, (record) => {
        records.set(call.callId, record);
        warnOnFailure('SCREEN-POP', cti.screenPop({ kind: 'record', recordId: record.id }));
      });
    }
  };

  /** In the tab the agent dialled from: Salesforce searches the number as an outbound call (no pop). */
  const relateKeypadCall = async (call: CallWithId): Promise<void> => {
    if (!call.remoteNumber || !(await foreground.popsHere(ownsPhone()))) return;
    const viewed = inView.record();
    const { matches } = await cti.searchAndScreenPop({ searchParams: call.remoteNumber, callType: 'outbound' });
    const record = recordForKeypadCall(viewed, matches);
    if (record) records.set(call.callId, record);
  };

  bus.subscribe(subjects.callState(bus.agentId), (call) => {
    clickToDial.call(call.status);
    if (!call.callId || seen.get(call.callId) === call.status) return;
    const first = !seen.has(call.callId);
    seen.set(call.callId, call.status);
    // Only the current call needs remembering here; a finished one is filed from the journal.
    for (const callId of seen.keys()) if (callId !== call.callId) seen.delete(callId);
    const current = { ...call, callId: call.callId };
    if (first && call.direction === 'outbound') {
      if (call.recordId) records.set(call.callId, dialledRecord(call.recordId, clicked));
      else warnOnFailure('SCREEN-POP', relateKeypadCall(current));
    }
    if (call.status === 'ringing-in') warnOnFailure('SCREEN-POP', popInbound(current));
    else notifier.stop(call.callId);
    for (const shown of showCallStatus(cti, call.status)) warnOnFailure('PANEL', shown);
  });

  const fileCall = async ({ call, wrapUp }: LoggedCall): Promise<string> => {
    // A record the log names has no type with it: its key prefix says WhoId or WhatId.
    const links = wrapUp.recordId ? taskRelations({ id: wrapUp.recordId, objectType: null }) : records.taskLinks(call.callId);
    try {
      const task = taskForFinishedCall({
        callId: call.callId,
        callType: call.direction,
        remoteNumber: call.remoteNumber,
        connectedAt: call.connectedAt,
        endedAt: call.endedAt,
        ...(wrapUp.disposition !== undefined ? { disposition: wrapUp.disposition } : {}),
        ...(wrapUp.notes !== undefined ? { notes: wrapUp.notes } : {}),
        whoId: links.whoId,
        whatId: links.whatId,
      });
      const outcome = await saver.save(task);
      log('info', 'TASK-SAVED', `call ${call.callId} → Task ${outcome.recordId}${outcome.created ? '' : ' (updated)'}`);
      await cti.refreshView();
      return outcome.recordId;
    } catch (error) {
      // Never leave a call unlogged silently: the agent sees it and can retry. A log-call with
      // no field saves the merged log again, and its outcome reaches the widgets as any save's.
      const reason = describeSalesforceError(error);
      showNotice(noticeArea, `Call with ${call.remoteNumber} was not saved to Salesforce: ${reason}`, {
        action: 'Retry',
        onAction: () => void bus.publish(subjects.logCall(bus.agentId), { callId: call.callId }).catch((cause: unknown) => log('warn', 'LOG-CALL', describeError(cause))),
      });
      throw new Error(reason, { cause: error });
    }
  };

  return { fileCall, phoneReady: (ready) => clickToDial.phone(ready) };
}
