import { parseBarcode } from 'gs1-barcode-parser-mod';
import { isValid as isValidGtin } from 'gtin';
import { hasValidGs1CheckDigit } from './check-digits';

/** AIs holding a YYMMDD date (production, due, packaging, best before, sell by, expiry). */
const DATE_AIS = new Set(['11', '12', '13', '15', '16', '17']);

/**
 * Most characters a variable-length AI may hold (GS1 General Specifications, AI table). The parser
 * library reads a field up to the next GS whatever its length; a longer field means a missing FNC1
 * or a damaged code, and is refused rather than read as one long lot or serial.
 */
const MAX_LENGTH: Record<string, number> = {
  '10': 20,
  '21': 20,
  '22': 20,
  '235': 28,
  '240': 30,
  '241': 30,
  '242': 6,
  '243': 20,
  '250': 30,
  '251': 30,
  '253': 30,
  '254': 20,
  '255': 25,
  '30': 8,
  '37': 8,
  '400': 30,
  '401': 30,
  '403': 30,
  '420': 20,
  '421': 12,
  '422': 3,
  '423': 15,
  '424': 3,
  '425': 15,
  '426': 3,
  '7002': 30,
  '7003': 10,
  '7004': 4,
  '7005': 12,
  '7006': 6,
  '7007': 12,
  '7008': 3,
  '7009': 10,
  '7010': 2,
  '7020': 20,
  '7021': 20,
  '7022': 20,
  '7023': 30,
  '8002': 20,
  '8003': 30,
  '8004': 30,
  '8007': 34,
  '8008': 12,
  '8009': 50,
  '8010': 30,
  '8011': 12,
  '8012': 20,
  '8013': 25,
  '8020': 25,
  '8110': 70,
  '8112': 70,
  '8200': 70,
  '90': 30,
  '91': 90,
  '92': 90,
  '93': 90,
  '94': 90,
  '95': 90,
  '96': 90,
  '97': 90,
  '98': 90,
  '99': 90,
};
/** AIs 390n/391n (amount payable) and 392n/393n (price) carry the decimal position in their last digit. */
const maxLengthOf = (ai: string) => MAX_LENGTH[ai] ?? (/^39[0-3]\d$/.test(ai) ? (ai[2] === '1' || ai[2] === '3' ? 18 : 15) : undefined);

export type Gs1Parse = { ok: true; ais: Record<string, string> } | { ok: false; reason: string };

/**
 * A GS1 element string, plain (`01…17…10…<GS>21…`) or human-readable (`(01)…(17)…`), into its
 * elements. gs1-barcode-parser-mod knows the AI table (lengths, which AIs are variable); the checks it
 * does not make (GTIN and SSCC check digits, real calendar dates) are made here.
 */
export function parseGs1(data: string): Gs1Parse {
  let items: ReturnType<typeof parseBarcode>['parsedCodeItems'];
  try {
    // FNC1 in first position arrives as a leading GS from some scanners; a trailing one ends nothing.
    items = parseBarcode(data.replace(/^\u001d+|\u001d+$/g, '')).parsedCodeItems;
  } catch (err) {
    return { ok: false, reason: `GS1 data could not be read: ${typeof err === 'string' ? err : (err as Error).message}` };
  }
  if (items.length === 0) return { ok: false, reason: 'GS1 data holds no elements' };
  const ais: Record<string, string> = {};
  for (const item of items) {
    if (Object.hasOwn(ais, item.ai)) return { ok: false, reason: `AI (${item.ai}) appears twice` };
    ais[item.ai] = item.raw;
  }
  for (const ai of ['01', '02']) {
    const value = ais[ai];
    if (value !== undefined && !isValidGtinSafe(value)) return { ok: false, reason: `AI (${ai}) ${value}: GTIN check digit is wrong` };
  }
  if (ais['00'] !== undefined && !hasValidGs1CheckDigit(ais['00'])) {
    return { ok: false, reason: `AI (00) ${ais['00']}: SSCC check digit is wrong` };
  }
  for (const [ai, value] of Object.entries(ais)) {
    if (DATE_AIS.has(ai) && gs1Date(value) === null) return { ok: false, reason: `AI (${ai}) ${value} is not a date` };
    const max = maxLengthOf(ai);
    if (max !== undefined && value.length > max) return { ok: false, reason: `AI (${ai}) holds ${value.length} characters; at most ${max} are allowed` };
  }
  return { ok: true, ais };
}

export function isValidGtinSafe(digits: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits)) return false;
  try {
    return isValidGtin(digits);
  } catch {
    return false;
  }
}

/**
 * YYMMDD → YYYY-MM-DD, or null when it is no date. DD=00 is the last day of the month (GS1 GenSpecs).
 * The century is always 20YY: GS1's sliding window depends on today's date, which would make the
 * same scan classify differently from one year to the next; 2000–2099 covers every date a return carries.
 */
export function gs1Date(yymmdd: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) return null;
  const year = 2000 + Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return null;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) return null;
  return `${year}-${m[2]}-${String(day === 0 ? lastDay : day).padStart(2, '0')}`;
}
