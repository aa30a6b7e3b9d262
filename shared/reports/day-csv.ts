/**
 * The day's CSV for HQ and finance: one row per unit received, columns after Amazon's FBA customer
 * returns report (domain.md). Built from the same records as the day report.
 */
import Papa from 'papaparse';
import { minorToMajorString } from '../returns/money';
import type { ExpectedReturn } from '../returns/records/expected-return';
import type { DayParcel, DayRefund, DayUnit } from './day-report';

export const DAY_CSV_COLUMNS = [
  'return-date',
  'order-id',
  'rma',
  'sku',
  'gtin',
  'product-name',
  'quantity',
  'lpn',
  'disposition',
  'grade',
  'reason',
  'fault',
  'refund-amount',
  'currency',
  'station',
  'clerk',
  'parcel-tracking',
  'weight-g',
  'customer-comments',
  'container',
] as const;
export type DayCsvRow = Record<(typeof DAY_CSV_COLUMNS)[number], string | number>;

/**
 * Each unit's share of its return's refund as it stands: its line's amount (after the restocking fee)
 * split over the line's accepted units, and what is decided for the return as a whole (freight, gift
 * deductions) on its first unit — so a return's rows add up to its refund exactly.
 */
export function unitRefundShares(units: DayUnit[], refund: DayRefund | undefined): Map<string, number> {
  const shares = new Map<string, number>(units.map((u) => [u.lpn, 0]));
  if (!refund) return shares;
  const sorted = [...units].sort((a, b) => a.inspectedAt.localeCompare(b.inspectedAt) || a.lpn.localeCompare(b.lpn));
  let allocated = 0;
  for (const line of refund.recommendation.lines) {
    const accepted = sorted.filter(
      (u) => u.expectedLineId === line.lineId && u.acceptance === 'accepted' && (u.match === 'matched' || u.match === 'serial_mismatch'),
    );
    const net = line.grossMinor - line.restockingFeeMinor;
    const qty = accepted.reduce((n, u) => n + u.qty, 0);
    let left = net;
    accepted.forEach((u, i) => {
      const share = i === accepted.length - 1 ? left : Math.floor((net * u.qty) / Math.max(qty, 1));
      left -= share;
      shares.set(u.lpn, (shares.get(u.lpn) ?? 0) + share);
      allocated += share;
    });
  }
  const first = sorted[0];
  if (first) shares.set(first.lpn, (shares.get(first.lpn) ?? 0) + refund.recommendation.totalMinor - allocated);
  return shares;
}

export interface DayCsvInput {
  stationId: string;
  timeZone: string;
  units: DayUnit[];
  /** Every unit of each return in `units` (other days included), for the refund shares. */
  returnUnits: DayUnit[];
  parcels: DayParcel[];
  expectedReturns: ExpectedReturn[];
  /** The latest decision of each return. */
  latestRefunds: DayRefund[];
  users: { id: string; name: string }[];
  catalog: { gtin: string; sku?: string; name: string }[];
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** Quarter hours remembered per zone (a year is 35 040): enough for any range, bounded for a process that runs for months. */
const SLOTS_KEPT = 100_000;
const localDates = new Map<string, (iso: string) => string>();

/**
 * The local date (YYYY-MM-DD) of an instant in a time zone, each quarter hour formatted once: every zone's
 * offset and every change of it since the 1970s falls on a quarter hour, and formatting costs ~2 µs a unit
 * where a month's CSV has tens of thousands.
 */
export function localDate(timeZone: string): (iso: string) => string {
  const known = localDates.get(timeZone);
  if (known) return known;
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const seen = new Map<number, string>();
  const dateOf = (iso: string) => {
    const at = Date.parse(iso);
    const slot = Math.floor(at / QUARTER_HOUR_MS);
    let day = seen.get(slot);
    if (day === undefined) {
      day = format.format(at);
      if (seen.size >= SLOTS_KEPT) seen.clear();
      seen.set(slot, day);
    }
    return day;
  };
  localDates.set(timeZone, dateOf);
  return dateOf;
}

export function dayCsvRows(input: DayCsvInput): DayCsvRow[] {
  const returns = new Map(input.expectedReturns.map((r) => [r.rmaNo, r]));
  const parcels = new Map(input.parcels.map((p) => [p.id, p]));
  const names = new Map(input.users.map((u) => [u.id, u.name]));
  const catalog = new Map(input.catalog.map((c) => [c.gtin, c]));
  const shares = new Map<string, number>();
  const unitsByRma = new Map<string, DayUnit[]>();
  for (const u of input.returnUnits) if (u.rmaNo) unitsByRma.set(u.rmaNo, [...(unitsByRma.get(u.rmaNo) ?? []), u]);
  for (const refund of input.latestRefunds) {
    for (const [lpn, share] of unitRefundShares(unitsByRma.get(refund.rmaNo) ?? [], refund)) shares.set(lpn, share);
  }
  const date = localDate(input.timeZone);
  return [...input.units]
    .sort((a, b) => a.inspectedAt.localeCompare(b.inspectedAt) || a.lpn.localeCompare(b.lpn))
    .map((u) => {
      const ret = u.rmaNo ? returns.get(u.rmaNo) : undefined;
      const line = ret?.lines.find((l) => l.lineId === u.expectedLineId);
      const item = u.scan.gtin ? catalog.get(u.scan.gtin) : undefined;
      const parcel = parcels.get(u.parcelId);
      const counted = u.match === 'matched' || u.match === 'serial_mismatch';
      const currency = ret?.currency ?? '';
      return {
        'return-date': date(u.inspectedAt),
        'order-id': ret?.orderNo ?? '',
        rma: u.rmaNo ?? '',
        sku: (counted ? line?.sku : undefined) ?? item?.sku ?? '',
        gtin: u.scan.gtin ?? '',
        'product-name': (counted ? line?.name : undefined) ?? item?.name ?? u.scan.raw,
        quantity: u.qty,
        lpn: u.lpn,
        disposition: u.disposition ?? '',
        grade: u.grade,
        reason: ret?.reason ?? '',
        fault: u.faultParty ?? '',
        'refund-amount': currency ? minorToMajorString(shares.get(u.lpn) ?? 0, currency) : '',
        currency,
        station: parcel?.stationId ?? input.stationId,
        clerk: names.get(u.clerkId) ?? u.clerkId,
        'parcel-tracking': parcel?.trackingNumber ?? '',
        'weight-g': parcel?.weight?.grams ?? '',
        'customer-comments': ret?.customerComment ?? '',
        container: u.containerId ?? '',
      };
    });
}

// A cell a spreadsheet would run as a formula (= + - @) gets a leading ' — but not a negative amount.
const FORMULA = /^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/;

/**
 * A part of the CSV: the first part starts with the byte-order mark (so Excel opens Chinese text intact)
 * and the header; the others are rows only. CRLF line ends as RFC 4180 asks; each part ends with one.
 */
export function csvPart(rows: DayCsvRow[], first: boolean): string {
  if (!first && rows.length === 0) return '';
  const text = Papa.unparse(
    { fields: [...DAY_CSV_COLUMNS], data: rows.map((r) => DAY_CSV_COLUMNS.map((c) => r[c])) },
    { newline: '\r\n', escapeFormulae: FORMULA, header: first },
  );
  return `${first ? '\uFEFF' : ''}${text}\r\n`;
}

export const toCsv = (rows: DayCsvRow[]): string => csvPart(rows, true);
