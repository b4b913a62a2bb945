/**
 * Click-to-dial numbers as Salesforce shows them ("+1 (415) 555-1212 x12") become the digits the
 * PBX expects, with the call center's dialing prefixes (reqDialingOptions) applied.
 */
import { InvalidPhoneNumberError } from './errors.js';

export interface DialingPlan {
  /** Dialled first to reach an outside line (reqOutsidePrefix); may be empty. */
  outsidePrefix: string;
  /** Dialled before a national number in another area (reqLongDistPrefix). */
  longDistancePrefix: string;
  /** Dialled before a foreign country code (reqInternationalPrefix). */
  internationalPrefix: string;
  /** The call center's own country code, without "+": "+<home>..." numbers are dialled as national. */
  homeCountryCode: string;
  /** Numbers this short are internal extensions and get no prefix. */
  internalMaxDigits: number;
}

export interface DialString {
  /** What to dial. */
  digits: string;
  /** An extension written after the number ("x12"), to send as DTMF once connected. */
  extension: string | null;
}

const EXTENSION = /\s*(?:x|ext\.?|extension|#)\s*(\d+)\s*$/i;
const FORMATTING = /[\s().\-/]/g;

/** A number as clicked, apart from the extension written after it ("x12", "ext. 12", "#12"). */
export function splitExtension(clicked: string): { number: string; extension: string | null } {
  const match = EXTENSION.exec(clicked);
  return match ? { number: clicked.slice(0, match.index), extension: match[1] ?? null } : { number: clicked, extension: null };
}

/**
 * Rules, in order:
 * - "+<home country code><national>" → outside + long distance + national;
 * - "+<other country code>…" → outside + international + digits;
 * - digits no longer than internalMaxDigits → an internal extension, dialled as is;
 * - other digits → outside + digits, as written (local or already national).
 */
export function toDialString(clicked: string, plan: DialingPlan): DialString {
  const { number: text, extension } = splitExtension(clicked.trim().replace(/^tel:/i, ''));
  const compact = text.replace(FORMATTING, '');
  const international = compact.startsWith('+');
  const digits = international ? compact.slice(1) : compact;
  if (digits === '') throw new InvalidPhoneNumberError(clicked, 'there are no digits');
  if (!/^\d+$/.test(digits)) throw new InvalidPhoneNumberError(clicked, 'only digits, spaces, ( ) . - / and a leading + are allowed');

  if (international) {
    const home = plan.homeCountryCode;
    if (home !== '' && digits.startsWith(home) && digits.length > home.length) {
      return { digits: plan.outsidePrefix + plan.longDistancePrefix + digits.slice(home.length), extension };
    }
    return { digits: plan.outsidePrefix + plan.internationalPrefix + digits, extension };
  }
  if (digits.length <= plan.internalMaxDigits) return { digits, extension };
  return { digits: plan.outsidePrefix + digits, extension };
}
