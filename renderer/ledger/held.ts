import type { ExceptionRow, ParcelRow, StationDb } from '../db/station-db';
import type { OutboxItem } from './record-action';

/**
 * Inside a ledger transaction (with `parcels` and `exceptions`): a held parcel waits only for its open
 * exceptions. Each of these parcels that is held with nothing open any more is closed — whoever settled
 * the last thing (a manager, a later parcel that brought the missing gift, a resolution pulled from HQ) —
 * and HQ is told. Returns the outbox rows.
 */
export async function closeSettledParcels(db: StationDb, parcelIds: Iterable<string | undefined>, at: string, who: string): Promise<OutboxItem[]> {
  const outbox: OutboxItem[] = [];
  for (const id of new Set([...parcelIds].filter((p): p is string => !!p))) {
    const parcel = await db.parcels.get(id);
    if (parcel?.status !== 'held') continue;
    const open = await db.exceptions.where('parcelId').equals(id).filter((x) => x.status === 'open').count();
    if (open > 0) continue;
    const closed: ParcelRow = { ...parcel, status: 'closed', settledAt: at };
    await db.parcels.put(closed);
    outbox.push({ type: 'parcel.closed', payload: { id, at, by: who } });
  }
  return outbox;
}

/** Resolves exceptions (already read, open) with what settled them; returns their outbox rows. */
export async function resolveExceptionRows(db: StationDb, rows: ExceptionRow[], resolution: string, who: string, at: string): Promise<OutboxItem[]> {
  const resolved = rows.map((x): ExceptionRow => ({ ...x, status: 'resolved', resolution, resolvedBy: who, resolvedAt: at }));
  for (const x of resolved) await db.exceptions.put(x);
  return resolved.map((x) => ({ type: 'exception.resolved', payload: x }));
}
