/** Salesforce frames the adapter URL with sfdcIframeOrigin; without it the shell runs standalone. */
export function isFramedBySalesforce(location: Location): boolean {
  return new URLSearchParams(location.search).has('sfdcIframeOrigin');
}
