import { splitAim } from './aim';
import { hasValidGs1CheckDigit } from './check-digits';
import { gs1Date, isValidGtinSafe, parseGs1 } from './gs1';
import type { ScanResult } from './scan-result';
import { DEFAULT_STATION_CODES, compileStationCodes, type CompiledStationCodes, type StationCodeSettings } from './station-codes';
import { identifyTracking } from './tracking/identify';

export type { ScanResult } from './scan-result';

const GS = '\u001d';
const COMMAND_NAME = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const GTIN_LENGTHS = new Set([8, 12, 13, 14]);
/** A raw element string from a scanner that sends no AIM prefix: SSCC (00, 20 digits) or GTIN (01…, 16+). */
const BARE_GS1 = /^(?:00\d{18}|01\d{14}(?:\d{2}.*)?)$/s;

/**
 * Classifies one scan. Order matters and is deliberate:
 * 1. the station's own codes (commands, RMA, LPN), which are never ambiguous;
 * 2. GS1 element strings, recognised by their AIM symbology, an FNC1/GS, the (AI) form or a bare 00/01 start;
 * 3. GTIN-8/12/13/14 by shape, valid check digit first (its digits may also fit a carrier: reported aside);
 * 4. carrier tracking numbers (checksummed international formats, then Chinese carriers by prefix);
 * 5. otherwise a number with a GTIN's shape but a wrong check digit is `invalid`, anything else `unknown`.
 * Matching a scan to an expected return looks at the raw code too, so an order number that lands in
 * `unknown` or `invalid` still finds its return.
 */
export function createScanClassifier(settings: StationCodeSettings = DEFAULT_STATION_CODES): (raw: string) => ScanResult {
  const codes = compileStationCodes(settings);
  return (raw) => {
    try {
      return classifyWith(raw, codes);
    } catch (err) {
      // classify is written not to throw; this keeps the promise even if a library surprises us.
      return { kind: 'invalid', reason: `could not be read: ${(err as Error)?.message ?? String(err)}` };
    }
  };
}

const defaultClassifier = createScanClassifier();

/** Classifies with the default station codes (hardware.md). Never throws. */
export function classifyScan(raw: string): ScanResult {
  return defaultClassifier(typeof raw === 'string' ? raw : String(raw));
}

/** The classifier without its safety net, exported so property tests can prove it never throws. */
export function classifyWith(raw: string, codes: CompiledStationCodes): ScanResult {
  const trimmed = raw.replace(/^[\s\r\n]+|[\s\r\n]+$/g, '');
  const { data, gs1, eanUpc } = splitAim(trimmed);
  if (!data) return { kind: 'unknown' };

  const station = classifyStationCode(data, codes);
  if (station) return station;

  if (gs1 || data.includes(GS) || data.startsWith('(') || BARE_GS1.test(data)) {
    const result = classifyGs1(data);
    if (result.kind !== 'invalid' || gs1 || data.includes(GS) || data.startsWith('(')) return result;
    // A bare digit string that only looked like GS1 may still be a GTIN or a tracking number.
  }

  if (/^\d+$/.test(data) && (GTIN_LENGTHS.has(data.length) || eanUpc)) {
    if (isValidGtinSafe(data)) {
      const alternative = eanUpc ? undefined : identifyTracking(data);
      return alternative?.kind === 'tracking'
        ? { kind: 'gtin', gtin: data.padStart(14, '0'), trackingAlternative: { trackingNumber: data, carrier: alternative.carrier } }
        : { kind: 'gtin', gtin: data.padStart(14, '0') };
    }
    const tracking = eanUpc ? undefined : identifyTracking(data);
    if (tracking?.kind === 'tracking') return tracking;
    return {
      kind: 'invalid',
      reason: GTIN_LENGTHS.has(data.length) ? `GTIN-${data.length} check digit is wrong` : `${data.length} digits is no EAN/UPC length`,
    };
  }

  return identifyTracking(data) ?? { kind: 'unknown' };
}

/** Container ids are the station's own, always this shape (shared/sync/lpn-prefix.ts: containerIdOf). */
const CONTAINER_CODE = /^CTN[0-9A-Z]{10}$/;

function classifyStationCode(data: string, codes: CompiledStationCodes): ScanResult | null {
  if (data.startsWith(codes.commandPrefix)) {
    const command = data.slice(codes.commandPrefix.length).toUpperCase();
    return COMMAND_NAME.test(command) ? { kind: 'command', command } : { kind: 'invalid', reason: 'command code without a valid name' };
  }
  // Typed codes arrive in lower case sometimes; printed ones are upper case.
  const upper = data.toUpperCase();
  if (codes.rma.test(data) || codes.rma.test(upper)) return { kind: 'rma', rma: codes.rma.test(data) ? data : upper };
  if (codes.lpn.test(data) || codes.lpn.test(upper)) return { kind: 'lpn', lpn: codes.lpn.test(data) ? data : upper };
  if (CONTAINER_CODE.test(upper)) return { kind: 'container', container: upper };
  // A code that starts like ours but does not fit is a damaged label or a typo: say so.
  if (codes.rmaPrefix.length >= 3 && upper.startsWith(codes.rmaPrefix)) return { kind: 'invalid', reason: `not a valid RMA number (${codes.rmaPrefix}…)` };
  if (codes.lpnPrefix.length >= 3 && upper.startsWith(codes.lpnPrefix) && /^[0-9A-Z]+$/.test(upper)) {
    return { kind: 'invalid', reason: `not a valid LPN (${codes.lpnPrefix}…)` };
  }
  return null;
}

function classifyGs1(data: string): ScanResult {
  const parsed = parseGs1(data);
  if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
  const { ais } = parsed;
  const keys = Object.keys(ais);
  if (keys.length === 1 && ais['00'] !== undefined) return { kind: 'sscc', sscc: ais['00'] };
  if (keys.length === 1 && ais['01'] !== undefined) return { kind: 'gtin', gtin: ais['01'] };
  const result: Extract<ScanResult, { kind: 'gs1' }> = { kind: 'gs1', ais };
  if (ais['01'] !== undefined) result.gtin = ais['01'];
  if (ais['00'] !== undefined && hasValidGs1CheckDigit(ais['00'])) result.sscc = ais['00'];
  if (ais['10'] !== undefined) result.lot = ais['10'];
  if (ais['21'] !== undefined) result.serial = ais['21'];
  const expiry = ais['17'] !== undefined ? gs1Date(ais['17']) : null;
  if (expiry) result.expiry = expiry;
  const bestBefore = ais['15'] !== undefined ? gs1Date(ais['15']) : null;
  if (bestBefore) result.bestBefore = bestBefore;
  return result;
}
