import Dexie from 'dexie';
import type { ParcelRow, StationDb, UnitRow } from '../../db/station-db';

/** How many of a GTIN's newest units a search follows to their parcels. */
const GTIN_UNITS_MAX = 200;

export interface HistoryHit {
  parcel: ParcelRow;
  units: UnitRow[];
  /** Per LPN, how many of its labels a later one replaced (a corrected decision): not to route by. */
  superseded: Record<string, number>;
}

/**
 * Parcels received here that a code leads to: a tracking number, an RMA, an order number (through its
 * expected return), an LPN or a GTIN on a unit. Newest first.
 */
export async function searchHistory(db: StationDb, code: string): Promise<HistoryHit[]> {
  const c = code.trim();
  if (!c) return [];
  const upper = c.toUpperCase();
  const gtin14 = /^\d{8,14}$/.test(c) ? c.padStart(14, '0') : undefined;
  const parcelIds = new Set<string>();
  for (const p of await db.parcels.where('trackingNumber').equalsIgnoreCase(c).toArray()) parcelIds.add(p.id);
  const rmaNos = new Set<string>([upper]);
  // A parcel opened by its RMA still answers to its order and tracking numbers, through its expected return.
  for (const r of await db.expectedReturns.where('orderNo').equalsIgnoreCase(c).or('trackingNumbers').equalsIgnoreCase(c).toArray()) rmaNos.add(r.rmaNo);
  for (const rma of rmaNos) for (const p of await db.parcels.where('rmaNos').equals(rma).toArray()) parcelIds.add(p.id);
  const unit = await db.units.get(upper);
  if (unit) parcelIds.add(unit.parcelId);
  // A GTIN may be on thousands of units: the newest ones' parcels, by index.
  if (gtin14) {
    const units = await db.units
      .where('[scan.gtin+inspectedAt]')
      .between([gtin14, Dexie.minKey], [gtin14, Dexie.maxKey])
      .reverse()
      .limit(GTIN_UNITS_MAX)
      .toArray();
    for (const u of units) parcelIds.add(u.parcelId);
  }
  // Each read once for all the parcels found (a popular GTIN leads to a hundred of them).
  const ids = [...parcelIds];
  const [parcels, units] = await Promise.all([db.parcels.bulkGet(ids), db.units.where('parcelId').anyOf(ids).toArray()]);
  const replaced = await db.printJobs
    .where('code')
    .anyOf(units.map((u) => u.lpn))
    .filter((j) => j.supersededBy !== undefined)
    .toArray();
  const hits: HistoryHit[] = [];
  for (const parcel of parcels) {
    if (!parcel) continue;
    const own = units.filter((u) => u.parcelId === parcel.id);
    const superseded: Record<string, number> = {};
    for (const u of own) superseded[u.lpn] = replaced.filter((j) => j.code === u.lpn).length;
    hits.push({ parcel, units: own, superseded });
  }
  return hits.sort((a, b) => b.parcel.openedAt.localeCompare(a.parcel.openedAt));
}
