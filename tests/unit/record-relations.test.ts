import { describe, expect, it } from 'vitest';
import { objectTypeOfId, taskRelations } from '@patchbay/opencti';

describe('objectTypeOfId', () => {
  it.each([
    ['003000000000001AAA', 'Contact'],
    ['00Q000000000001AAA', 'Lead'],
    ['001000000000001', 'Account'],
    ['006x0000001ZcyG', 'Opportunity'],
    ['500D0000003tcchIAA', 'Case'],
    ['701000000000001AAA', 'Campaign'],
  ])('%s is a %s', (id, type) => expect(objectTypeOfId(id)).toBe(type));

  it('knows no type for an unlisted prefix, and reads the prefix case by case (00q is not 00Q)', () => {
    expect(objectTypeOfId('a0B000000000001AAA')).toBeNull();
    expect(objectTypeOfId('00q000000000001AAA')).toBeNull();
  });
});

describe('taskRelations', () => {
  it('files a Contact or a Lead as WhoId and any other named type as WhatId', () => {
    expect(taskRelations({ id: '003000000000001AAA', objectType: 'Contact' })).toEqual({ whoId: '003000000000001AAA', whatId: null });
    expect(taskRelations({ id: '00Q000000000001AAA', objectType: 'Lead' })).toEqual({ whoId: '00Q000000000001AAA', whatId: null });
    expect(taskRelations({ id: '001000000000001AAA', objectType: 'Account' })).toEqual({ whoId: null, whatId: '001000000000001AAA' });
    expect(taskRelations({ id: 'a0B000000000001AAA', objectType: 'Invoice__c' })).toEqual({ whoId: null, whatId: 'a0B000000000001AAA' });
  });

  it('takes the type from the key prefix when Salesforce named none', () => {
    expect(taskRelations({ id: '003000000000002AAA', objectType: null })).toEqual({ whoId: '003000000000002AAA', whatId: null });
    expect(taskRelations({ id: '001000000000001AAA', objectType: null })).toEqual({ whoId: null, whatId: '001000000000001AAA' });
    expect(taskRelations({ id: '500000000000001AAA', objectType: null })).toEqual({ whoId: null, whatId: '500000000000001AAA' });
  });

  it('relates nothing when neither Salesforce nor the prefix says what the record is, or there is none', () => {
    expect(taskRelations({ id: 'a0B000000000001AAA', objectType: null })).toEqual({ whoId: null, whatId: null });
    expect(taskRelations(null)).toEqual({ whoId: null, whatId: null });
  });
});
