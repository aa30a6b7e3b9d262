import { s10CheckDigit, ups1zCheckDigit } from '../check-digits';
import { matchChineseCarrier } from './chinese-carriers';
import { matchKnownCarrier } from './known-couriers';

export type TrackingIdentification = { kind: 'tracking'; trackingNumber: string; carrier: string } | { kind: 'invalid'; reason: string } | undefined;

const S10_SHAPE = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;
const UPS_1Z_SHAPE = /^1Z([0-9A-Z]{15})(\d)$/;

/** The station's carrier codes for the library's couriers; UPU S10 items in the EMS range are `ems`. */
function carrierCode(courier: string, groups: Record<string, string>): string {
  if (courier === 's10') return /^E/.test(groups.ServiceType ?? '') ? 'ems' : 'upu';
  return courier;
}

/**
 * The tracking number without a USPS/FedEx IMpb routing prefix: the label's barcode starts with GS1 AI 420 and
 * the destination ZIP (5 digits, or ZIP+4), but the carrier, the customer and the returns file know the number
 * without it, so a scan of the full barcode must still find the return.
 */
function withoutRoutingPrefix(value: string, groups: Record<string, string>): string {
  if (!groups.RoutingApplicationId) return value;
  const cleaned = value.replace(/[^a-zA-Z\d]/g, '');
  return cleaned.slice(3 + 5 + (groups.RoutingNumber ? 4 : 0));
}

/**
 * The tracking number a FedEx 34-digit barcode carries inside it (Express "10…", Ground "96…"): its last
 * 12 digits. The customer, the marketplace and the returns file know that number, not the barcode around it
 * (matching a parcel looks at the raw scan too, so a return that names the whole barcode is found as well).
 */
const FEDEX_34 = /^(?:96|10)\d{32}$/;
const fedexInner = (value: string): string | null => (FEDEX_34.test(value) ? value.slice(-12) : null);

/**
 * A carrier tracking number, its carrier, or why a number shaped like one is not valid.
 * Letters are taken as scanned (upper case): scanners do not change case, and lower-case input is
 * something typed, which the carriers' formats do not use.
 */
export function identifyTracking(value: string): TrackingIdentification {
  const known = matchKnownCarrier(value);
  if (known) {
    const number = withoutRoutingPrefix(value, known.groups);
    return { kind: 'tracking', trackingNumber: (known.courier === 'fedex' && fedexInner(number)) || number, carrier: carrierCode(known.courier, known.groups) };
  }
  // A FedEx barcode whose outer digits the published checksums do not cover (a new service code, a
  // reprinted label): its shape alone says FedEx, and the number inside is what the return names.
  const inner = fedexInner(value);
  if (inner) return { kind: 'tracking', trackingNumber: inner, carrier: 'fedex' };
  const chinese = matchChineseCarrier(value);
  if (chinese) return { kind: 'tracking', trackingNumber: value, carrier: chinese };

  const s10 = S10_SHAPE.exec(value);
  if (s10) {
    const expected = s10CheckDigit(s10[2]!);
    return {
      kind: 'invalid',
      reason: expected === Number(s10[3]) ? `UPU S10 number with unknown country code ${s10[4]}` : `UPU S10 check digit is ${s10[3]}, should be ${expected}`,
    };
  }
  const ups = UPS_1Z_SHAPE.exec(value);
  if (ups) return { kind: 'invalid', reason: `UPS 1Z check digit is ${ups[2]}, should be ${ups1zCheckDigit(ups[1]!)}` };
  return undefined;
}
