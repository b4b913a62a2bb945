/**
 * Asks the browser for a script without running it: the <script> appended later for the same URL,
 * asked for the same way (CORS and `integrity` when given), takes the bytes fetched here.
 */
export function preloadScript(url: string, integrity?: string): HTMLLinkElement {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = url;
  if (integrity !== undefined) {
    link.integrity = integrity;
    link.crossOrigin = 'anonymous';
  }
  document.head.append(link);
  return link;
}
