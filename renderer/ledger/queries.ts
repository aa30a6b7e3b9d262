import type { ExpectedReturn } from '../../shared/returns';
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

/** Every unit received for a return, in every parcel. */
export function unitsOfReturn(db: StationDb, rmaNo: string): Promise<UnitRow[]> {
  return db.units.where('rmaNo').equals(rmaNo).toArray();
}
