/**
 * The parameters Salesforce appends to the adapter URL when it frames the softphone. Lightning
 * Experience appends `sfdcIframeOrigin` and `mode=Lightning`; Salesforce Classic appends
 * `sfdcIFrameOrigin`, with a capital F and no mode, as the framed URLs of Classic pages show
 * (the Open CTI guide documents neither spelling, only the origin the scripts must come from).
 */
import { AdapterUrlError } from './errors.js';

export const FRAMING_ORIGIN_PARAMS = ['sfdcIframeOrigin', 'sfdcIFrameOrigin'] as const;

/**
 * The framing origin under either spelling; null when neither is there (the page is not framed by
 * Salesforce). Two different origins are refused: the script must come from one.
 */
export function readFramingOrigin(search: string): string | null {
  const query = new URLSearchParams(search);
  const found = [...new Set(FRAMING_ORIGIN_PARAMS.map((name) => query.get(name)).filter((value): value is string => value !== null && value !== ''))];
  if (found.length > 1) throw new AdapterUrlError(`The adapter URL names two framing origins: ${found.join(' and ')}`);
  return found[0] ?? null;
}
