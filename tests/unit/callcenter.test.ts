import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_KEYS } from '@patchbay/opencti';
import { CallCenterXmlError, flattenCallCenter, readCallCenterXml } from '@patchbay/simulator/callcenter-xml';

const xml = readFileSync(new URL('../../callcenter.xml', import.meta.url), 'utf8');
const sections = readCallCenterXml(xml);
const flat = flattenCallCenter(sections);

/** Section and item names Salesforce reserves besides the req prefix (Call Center Definition File Format). */
const RESERVED = ['label', 'sortOrder', 'internalNameLabel', 'displayNameLabel'];

describe('callcenter.xml', () => {
  it('is well formed (and a broken file is reported)', () => {
    expect(sections.length).toBeGreaterThan(0);
    expect(() => readCallCenterXml('<callCenter><section>')).toThrow(CallCenterXmlError);
  });

  it('has the required general info', () => {
    expect(flat['/reqGeneralInfo/reqInternalName']).toMatch(/^[A-Za-z][A-Za-z0-9]{0,39}$/);
    expect(flat['/reqGeneralInfo/reqDisplayName']?.length).toBeGreaterThan(0);
    expect(new URL(flat['/reqGeneralInfo/reqAdapterUrl'] ?? '').protocol).toBe('https:');
    expect(flat['/reqGeneralInfo/reqUseApi']).toBe('true');
    expect(Number(flat['/reqGeneralInfo/reqSoftphoneHeight'])).toBeGreaterThanOrEqual(240);
    expect(Number(flat['/reqGeneralInfo/reqSoftphoneWidth'])).toBeGreaterThanOrEqual(200);
    expect(flat['/reqGeneralInfo/reqSalesforceCompatibilityMode']).toBe('Classic_and_Lightning');
    // Optional Call Center Elements and Attributes: a standby URL comes with its timeout.
    expect(new URL(flat['/reqGeneralInfo/reqStandbyUrl'] ?? '').pathname).toBe('/shell/standby.html');
    expect(Number(flat['/reqGeneralInfo/reqTimeout'])).toBeGreaterThan(0);
    const general = sections.find((s) => s.name === 'reqGeneralInfo');
    expect(general?.sortOrder).toBe('0');
    expect(general?.items.find((i) => i.name === 'reqInternalName')?.sortOrder).toBe('0');
    expect(general?.items.find((i) => i.name === 'reqDisplayName')?.sortOrder).toBe('1');
  });

  it('has the dialing options', () => {
    for (const item of ['reqOutsidePrefix', 'reqLongDistPrefix', 'reqInternationalPrefix']) {
      expect(flat[`/reqDialingOptions/${item}`]).toMatch(/^\d*$/);
    }
  });

  it('defines every setting the softphone reads', () => {
    for (const key of Object.values(SETTING_KEYS)) expect(Object.keys(flat)).toContain(key);
  });

  it('names custom sections and items with letters and digits, at most 40, no req prefix', () => {
    for (const section of sections) {
      const names = section.name.startsWith('req') ? section.items.filter((i) => !i.name.startsWith('req')).map((i) => i.name) : [section.name, ...section.items.map((i) => i.name)];
      for (const name of names) {
        expect(name).toMatch(/^[A-Za-z0-9]{1,40}$/);
        expect(name.startsWith('req')).toBe(false);
        expect(RESERVED).not.toContain(name);
      }
    }
  });

  it('numbers sections and the items of each section from 0 without gaps', () => {
    const orders = (values: string[]) => values.map(Number).sort((a, b) => a - b);
    const sequence = (length: number) => Array.from({ length }, (_, i) => i);
    expect(orders(sections.map((s) => s.sortOrder))).toEqual(sequence(sections.length));
    for (const section of sections) expect(orders(section.items.map((i) => i.sortOrder))).toEqual(sequence(section.items.length));
  });

  it('holds no secret', () => {
    for (const [key, value] of Object.entries(flat)) {
      expect(key).not.toMatch(/password|secret|token|apikey/i);
      expect(value).not.toMatch(/:\/\/[^/]*:[^/]*@/); // no credentials inside URLs
    }
  });
});
