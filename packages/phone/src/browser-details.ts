/**
 * What janus.js reads from webrtc-adapter: only `browserDetails` (browser and version, for its
 * Firefox and Safari branches). The adapter's shims target browsers older than the ones
 * Salesforce supports (current Chrome, Edge, Firefox, Safari), so the page detects the browser
 * the way the adapter does and hands janus.js that instead of the whole adapter (about 12 KB
 * gzipped with its sdp dependency).
 */

export interface BrowserDetails {
  browser: 'chrome' | 'firefox' | 'safari' | 'unknown';
  version: number | null;
}

/** The parts of `navigator` the detection reads. */
export interface BrowserTraits {
  userAgent: string;
  userAgentData?: { brands: readonly { brand: string; version: string }[] } | undefined;
  /** Firefox still has it (prefixed); the others do not. */
  mozGetUserMedia?: unknown;
}

function versionIn(userAgent: string, pattern: RegExp): number | null {
  const match = pattern.exec(userAgent);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}

/** webrtc-adapter 9's detectBrowser, for the browsers it still tells apart. */
export function detectBrowser(traits: BrowserTraits): BrowserDetails {
  const chromium = traits.userAgentData?.brands.find((brand) => brand.brand === 'Chromium');
  if (chromium) return { browser: 'chrome', version: Number.parseInt(chromium.version, 10) };
  if (traits.mozGetUserMedia !== undefined) return { browser: 'firefox', version: versionIn(traits.userAgent, /Firefox\/(\d+)\./) };
  const chrome = versionIn(traits.userAgent, /Chrom(?:e|ium)\/(\d+)\./);
  if (chrome !== null) return { browser: 'chrome', version: chrome };
  // Safari's version, as the adapter and janus.js count it, is WebKit's (605 and later).
  const webkit = versionIn(traits.userAgent, /AppleWebKit\/(\d+)\./);
  if (webkit !== null) return { browser: 'safari', version: webkit };
  return { browser: 'unknown', version: null };
}
