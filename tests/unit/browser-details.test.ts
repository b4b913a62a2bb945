import { describe, expect, it } from 'vitest';
import { detectBrowser } from '../../packages/phone/src/browser-details.js';

// User agents of the browsers Salesforce supports, as they send them.
const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const EDGE_UA = `${CHROME_UA} Edg/131.0.0.0`;
const FIREFOX_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';

describe('detectBrowser (what janus.js reads of webrtc-adapter)', () => {
  it('takes Chromium browsers by their Chromium brand when the browser gives one', () => {
    const brands = [
      { brand: 'Microsoft Edge', version: '131' },
      { brand: 'Chromium', version: '131' },
      { brand: 'Not_A Brand', version: '24' },
    ];
    expect(detectBrowser({ userAgent: EDGE_UA, userAgentData: { brands } })).toEqual({ browser: 'chrome', version: 131 });
  });

  it('reads Chrome and Edge from the user agent without userAgentData', () => {
    expect(detectBrowser({ userAgent: CHROME_UA })).toEqual({ browser: 'chrome', version: 131 });
    expect(detectBrowser({ userAgent: EDGE_UA })).toEqual({ browser: 'chrome', version: 131 });
  });

  it('tells Firefox by its prefixed getUserMedia, though its user agent names no Chrome', () => {
    expect(detectBrowser({ userAgent: FIREFOX_UA, mozGetUserMedia: () => undefined })).toEqual({ browser: 'firefox', version: 133 });
  });

  it("counts Safari's version in WebKit's numbers, as janus.js compares them (605 and later)", () => {
    expect(detectBrowser({ userAgent: SAFARI_UA })).toEqual({ browser: 'safari', version: 605 });
  });

  it('says unknown for what it cannot tell, rather than guessing a browser', () => {
    expect(detectBrowser({ userAgent: 'curl/8.5.0' })).toEqual({ browser: 'unknown', version: null });
  });
});
