import { describe, expect, it } from 'vitest';
import { AdapterUrlError, checkAllowedOrigin, loadOpenCti, OriginNotAllowedError, readFramingOrigin, ScriptLoadError, type SforceGlobal } from '@patchbay/opencti';

describe('checkAllowedOrigin', () => {
  it.each([
    'https://acme.lightning.force.com',
    'https://acme.my.salesforce.com',
    'https://acme--c.vf.force.com',
    'https://acme--c.visualforce.com',
    'https://acme.my.salesforce-setup.com',
    'https://acme--dev.sandbox.lightning.force.com',
  ])('accepts %s', (origin) => expect(checkAllowedOrigin(origin)).toBe(origin));

  it.each([
    'http://acme.lightning.force.com',
    'https://evil-salesforce.com',
    'https://salesforce.com.evil.example',
    'https://force.com',
    'https://acme.lightning.force.com/path',
    'https://acme.lightning.force.com/',
    'https://user@acme.my.salesforce.com',
    'javascript:alert(1)',
    'not a url',
    'http://127.0.0.1:9999',
  ])('refuses %s', (origin) => expect(() => checkAllowedOrigin(origin)).toThrow(OriginNotAllowedError));

  it('accepts a configured extra origin exactly', () => {
    expect(checkAllowedOrigin('http://127.0.0.1:5555', ['http://127.0.0.1:5555'])).toBe('http://127.0.0.1:5555');
    expect(() => checkAllowedOrigin('http://127.0.0.1:5556', ['http://127.0.0.1:5555'])).toThrow(OriginNotAllowedError);
  });
});

describe('readFramingOrigin', () => {
  it("reads Lightning's sfdcIframeOrigin and Classic's sfdcIFrameOrigin, and nothing else", () => {
    expect(readFramingOrigin('?sfdcIframeOrigin=https://a.lightning.force.com&mode=Lightning')).toBe('https://a.lightning.force.com');
    expect(readFramingOrigin('?sfdcIFrameOrigin=https://a.my.salesforce.com')).toBe('https://a.my.salesforce.com');
    expect(readFramingOrigin('?sfdciframeorigin=https://a.my.salesforce.com')).toBeNull();
    expect(readFramingOrigin('?config=patchbay.json')).toBeNull();
  });
});

describe('loadOpenCti', () => {
  const fakeSforce: SforceGlobal = {
    opencti: { SCREENPOP_TYPE: {}, CALL_TYPE: {} } as unknown as NonNullable<SforceGlobal['opencti']>,
    interaction: { cti: {} } as unknown as NonNullable<SforceGlobal['interaction']>,
  };

  it('loads the Lightning script for mode=Lightning', async () => {
    const loaded: string[] = [];
    const cti = await loadOpenCti(
      { search: '?sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com&mode=Lightning' },
      { loadScript: async (url) => void loaded.push(url), readSforce: () => fakeSforce, apiVersion: '60.0' },
    );
    expect(cti.api).toBe('Lightning');
    expect(loaded).toEqual(['https://acme.lightning.force.com/support/api/60.0/lightning/opencti_min.js']);
  });

  it("loads the Classic script for Classic's sfdcIFrameOrigin without a mode, or mode=Classic", async () => {
    for (const search of ['?sfdcIFrameOrigin=https://acme.my.salesforce.com', '?sfdcIframeOrigin=https://acme.my.salesforce.com&mode=Classic']) {
      const loaded: string[] = [];
      const cti = await loadOpenCti({ search }, { loadScript: async (url) => void loaded.push(url), readSforce: () => fakeSforce, apiVersion: '60.0' });
      expect(cti.api).toBe('Classic');
      expect(loaded).toEqual(['https://acme.my.salesforce.com/support/api/60.0/interaction.js']);
    }
  });

  it('refuses a hostile origin before requesting anything', async () => {
    const loaded: string[] = [];
    const attempt = loadOpenCti({ search: '?sfdcIframeOrigin=https://evil.example&mode=Lightning' }, { loadScript: async (url) => void loaded.push(url) });
    await expect(attempt).rejects.toBeInstanceOf(OriginNotAllowedError);
    expect(loaded).toEqual([]);
  });

  it("checks an origin under Classic's spelling like Lightning's", async () => {
    const loaded: string[] = [];
    const attempt = loadOpenCti({ search: '?sfdcIFrameOrigin=https://evil.example' }, { loadScript: async (url) => void loaded.push(url) });
    await expect(attempt).rejects.toBeInstanceOf(OriginNotAllowedError);
    expect(loaded).toEqual([]);
  });

  it('says what is wrong with the adapter URL', async () => {
    await expect(loadOpenCti({ search: '' })).rejects.toBeInstanceOf(AdapterUrlError);
    await expect(loadOpenCti({ search: '?sfdcIframeOrigin=https://a.my.salesforce.com&sfdcIFrameOrigin=https://b.my.salesforce.com' })).rejects.toThrow(/two framing origins/);
    await expect(loadOpenCti({ search: '?sfdcIframeOrigin=https://a.my.salesforce.com&mode=Mobile' })).rejects.toThrow(/Unknown mode "Mobile"/);
  });

  it('fails clearly when the script defines no API', async () => {
    await expect(loadOpenCti({ search: '?sfdcIframeOrigin=https://a.lightning.force.com&mode=Lightning' }, { loadScript: async () => undefined, readSforce: () => undefined })).rejects.toBeInstanceOf(
      ScriptLoadError,
    );
  });
});
