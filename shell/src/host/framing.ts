import { readFramingOrigin } from '@patchbay/opencti';

/**
 * Salesforce frames the adapter URL with its origin (`sfdcIframeOrigin` in Lightning,
 * `sfdcIFrameOrigin` in Classic); without it the shell runs standalone. A URL naming two origins
 * is framed, so loading Open CTI reports it.
 */
export function isFramedBySalesforce(location: Location): boolean {
  try {
    return readFramingOrigin(location.search) !== null;
  } catch {
    return true;
  }
}
