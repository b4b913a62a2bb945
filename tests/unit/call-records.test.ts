import { describe, expect, it } from 'vitest';
import { latestSnapshot } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { CallRecords, dialledRecord } from '../../shell/src/salesforce/call-records.js';
import { recordForKeypadCall } from '../../shell/src/salesforce/keypad-call.js';
import { memoryStorage } from '../support/memory-storage.js';

const ada = { id: '003000000000001AAA', name: 'Ada Lovelace', objectType: 'Contact' };
const account = { id: '001000000000001AAA', name: 'Hopper Industries', objectType: 'Account' };

describe('CallRecords', () => {
  it('relates a call to its record, as WhoId for people and WhatId for the rest', () => {
    const records = new CallRecords(memoryStorage());
    records.set('call-1', ada);
    expect(records.taskLinks('call-1')).toEqual({ whoId: ada.id, whatId: null });
    records.set('call-2', account);
    expect(records.taskLinks('call-2')).toEqual({ whoId: null, whatId: account.id });
    expect(records.taskLinks('call-3')).toEqual({ whoId: null, whatId: null });
  });

  it('relates a record the search named no type for by its id (a Contact is WhoId, an Account WhatId)', () => {
    const records = new CallRecords(memoryStorage());
    records.set('call-1', { ...ada, objectType: null });
    records.set('call-2', { ...account, objectType: null });
    expect(records.taskLinks('call-1')).toEqual({ whoId: ada.id, whatId: null });
    expect(records.taskLinks('call-2')).toEqual({ whoId: null, whatId: account.id });
  });
});

describe('dialledRecord', () => {
  it("takes the name and type the click gave when the call names that click's record", () => {
    expect(dialledRecord(ada.id, ada)).toBe(ada);
  });

  it('names the record by its id alone when the click was for another record, or there was none', () => {
    expect(dialledRecord(account.id, ada)).toEqual({ id: account.id, name: null, objectType: null });
    expect(dialledRecord(ada.id, null)).toEqual({ id: ada.id, name: null, objectType: null });
    // Its key prefix still relates it: a Contact is WhoId.
    const records = new CallRecords(memoryStorage());
    records.set('call-1', dialledRecord(ada.id, null));
    expect(records.taskLinks('call-1')).toEqual({ whoId: ada.id, whatId: null });
  });
});

describe('recordForKeypadCall', () => {
  const theCase = { id: '500000000000001AAA', name: 'Invoice question', objectType: 'Case' };

  it('takes the record in view, whatever the search found', () => {
    expect(recordForKeypadCall(theCase, [ada])).toBe(theCase);
    expect(recordForKeypadCall(theCase, [])).toBe(theCase);
  });

  it('takes the only match when no record is in view, and none of several', () => {
    expect(recordForKeypadCall(null, [ada])).toBe(ada);
    expect(recordForKeypadCall(null, [ada, account])).toBeNull();
    expect(recordForKeypadCall(null, [])).toBeNull();
  });
});

describe('CallRecords across a reload and across tabs', () => {
  it('still knows the record of a call from before the reload (its Task is filed after it)', () => {
    const store = memoryStorage();
    const before = new CallRecords(store);
    before.set('call-1', dialledRecord(ada.id, ada));
    const after = new CallRecords(store);
    expect(after.taskLinks('call-1')).toEqual({ whoId: ada.id, whatId: null });
  });

  it("knows a record another tab of the agent set (the phone's tab files the Task)", () => {
    const store = memoryStorage();
    const phoneTab = new CallRecords(store);
    const tabInView = new CallRecords(store);
    expect(phoneTab.taskLinks('call-1')).toEqual({ whoId: null, whatId: null });
    tabInView.set('call-1', account);
    expect(phoneTab.taskLinks('call-1')).toEqual({ whoId: null, whatId: account.id });
    phoneTab.set('call-2', ada);
    expect(tabInView.taskLinks('call-1')).toEqual({ whoId: null, whatId: account.id });
  });

  it('starts empty from storage it cannot read', () => {
    const store = memoryStorage();
    store.setItem('patchbay.call-records', '{"not":"a list"');
    expect(new CallRecords(store).taskLinks('call-1')).toEqual({ whoId: null, whatId: null });
    store.setItem('patchbay.call-records', JSON.stringify([['call-1', { name: 'no id' }], 'junk']));
    expect(new CallRecords(store).taskLinks('call-1')).toEqual({ whoId: null, whatId: null });
  });
});

describe('latestSnapshot', () => {
  it('keeps the newer of two snapshots, whatever order they arrive in', () => {
    const older = { ...EXAMPLES['state.call'].full, seq: 5 };
    const newer = { ...older, seq: 6, status: 'ended' as const };
    expect(latestSnapshot(null, older)).toBe(older);
    expect(latestSnapshot(older, newer)).toBe(newer);
    expect(latestSnapshot(newer, older)).toBe(newer);
  });
});
