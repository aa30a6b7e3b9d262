import type { ScanResult } from '../../shared/barcode/classify';
import { dayBoundsUtc, isSameCustomer, matchParcelScan, type ExpectedReturn, type Policy } from '../../shared/returns';
import type { ParcelRow, StationDb, UnitRow } from '../db/station-db';

/** The parcel left open (a crash, a power cut, a closed window): the flow resumes it. */
export async function findOpenParcel(db: StationDb): Promise<ParcelRow | undefined> {
  const open = await db.parcels.where('status').anyOf('open', 'inspecting').toArray();
  return open.sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];
}

/** Parcels not finished: open or inspecting (at most one), and held for a manager; newest first. */
export async function unfinishedParcels(db: StationDb): Promise<ParcelRow[]> {
  const rows = await db.parcels.where('status').anyOf('open', 'inspecting', 'held').toArray();
  return rows.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
}

/** The returns whose items are in this parcel, in the order they were scanned. */
export async function returnsOfParcel(db: StationDb, parcel: ParcelRow): Promise<ExpectedReturn[]> {
  const found = await db.expectedReturns.bulkGet(parcel.rmaNos);
  return found.filter((r): r is ExpectedReturn => r !== undefined);
}

/**
 * The expected returns a scanned code names — by RMA, tracking or order number, any case — and what the
 * parcel matcher makes of them (one return, several, or none).
 */
export async function returnsNamedBy(db: StationDb, raw: string, scan: ScanResult) {
  const code = scan.kind === 'rma' ? scan.rma : scan.kind === 'tracking' ? scan.trackingNumber : raw.trim();
  const candidates = await db.expectedReturns
    .where('rmaNo')
    .equalsIgnoreCase(code)
    .or('orderNo')
    .equalsIgnoreCase(code)
    .or('trackingNumbers')
    .equalsIgnoreCase(code)
    .toArray();
  return { code, match: matchParcelScan({ raw, scan, candidates }) };
}

/** Every unit received for a return, in every parcel. */
export function unitsOfReturn(db: StationDb, rmaNo: string): Promise<UnitRow[]> {
  return db.units.where('rmaNo').equals(rmaNo).toArray();
}

/** This customer's other returns within the policy's frequent-returner window, as this station knows them. */
export async function customerReturnsInWindow(db: StationDb, e: ExpectedReturn, policy: Policy, now: Date): Promise<number> {
  return countInWindow(await returnsOfCustomer(db, e.customer), e, policy, now);
}

/** Every return the station holds under a customer's id or contact (read before the policy is known). */
export async function returnsOfCustomer(db: StationDb, customer: ExpectedReturn['customer']): Promise<ExpectedReturn[]> {
  const { id, contactHash } = customer;
  const [byId, byContact] = await Promise.all([
    id ? db.expectedReturns.where('customer.id').equals(id).toArray() : [],
    contactHash ? db.expectedReturns.where('customer.contactHash').equals(contactHash).toArray() : [],
  ]);
  return [...byId, ...byContact];
}

/** Of a customer's returns (returnsOfCustomer), the others created within the policy's frequent-returner window. */
export function countInWindow(rows: ExpectedReturn[], e: ExpectedReturn, policy: Policy, now: Date): number {
  if (!e.customer.id && !e.customer.contactHash) return 0;
  const since = new Date(now.getTime() - policy.risk.frequentReturner.withinDays * 86_400_000).toISOString();
  return new Set(rows.filter((r) => r.rmaNo !== e.rmaNo && r.createdAt >= since && isSameCustomer(e.customer, r.customer)).map((r) => r.rmaNo)).size;
}

/** Units the rules left to a manager, oldest first, whatever their day. */
export function heldUnits(db: StationDb): Promise<UnitRow[]> {
  return db.units.where('acceptance').equals('manual_intervention_required').sortBy('inspectedAt');
}

/**
 * Parcels completed or voided on a station day. Read by when they were opened (indexed), from a week
 * before the day: a parcel stays open for hours, not weeks, and the whole history is never scanned.
 */
export async function parcelsEndedOn(db: StationDb, date: string, timeZone: string): Promise<ParcelRow[]> {
  const { from, to } = dayBoundsUtc(date, timeZone);
  const since = new Date(Date.parse(from) - 7 * 86_400_000).toISOString();
  const rows = await db.parcels.where('openedAt').between(since, to, true, false).toArray();
  return rows.filter((p) => (p.status === 'closed' || p.status === 'voided') && p.closedAt !== undefined && p.closedAt >= from && p.closedAt < to);
}

/**
 * What other stations of the warehouse received for these returns, as HQ last said (pulled while online):
 * their parcels and units, this station's own left out.
 */
export async function receivedElsewhere(db: StationDb, rmaNos: string[], stationId: string) {
  const rows = await db.returnReceipts.bulkGet(rmaNos);
  return new Map(
    rows
      .filter((r) => r !== undefined)
      .map((r) => [r.rmaNo, { parcels: r.parcels.filter((p) => p.station !== stationId), units: r.units.filter((u) => u.station !== stationId) }] as const),
  );
}
