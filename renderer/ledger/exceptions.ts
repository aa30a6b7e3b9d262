import { StationError } from '../../shared/errors';
import type { ExceptionRow, StationDb } from '../db/station-db';
import { iso, requireManager } from './common';
import { recordUserAction, type Actor, type OutboxItem } from './record-action';

/**
 * A manager closes an exception with what was done about it. Audited, and told to HQ. A held parcel
 * whose last open exception this was becomes closed in the same transaction.
 */
export function resolveException(db: StationDb, manager: Actor, exceptionId: string, resolution: string, now = new Date()): Promise<void> {
  return recordUserAction(db, manager, ['exceptions', 'parcels', 'users'], async () => {
    await requireManager(db, manager);
    const x = await db.exceptions.get(exceptionId);
    if (!x || x.status !== 'open') throw new StationError('exception_not_open', 'This exception is already resolved.');
    const resolved: ExceptionRow = { ...x, status: 'resolved', resolution, resolvedBy: manager.who, resolvedAt: iso(now) };
    await db.exceptions.put(resolved);
    const outbox: OutboxItem[] = [{ type: 'exception.resolved', payload: resolved }];
    const parcel = x.parcelId ? await db.parcels.get(x.parcelId) : undefined;
    if (parcel?.status === 'held') {
      const stillOpen = await db.exceptions.where('parcelId').equals(parcel.id).filter((e) => e.status === 'open').count();
      if (stillOpen === 0) {
        await db.parcels.put({ ...parcel, status: 'closed' });
        outbox.push({ type: 'parcel.closed', payload: { id: parcel.id, at: iso(now), by: manager.who } });
      }
    }
    return {
      result: undefined,
      record: { action: 'exception.resolve', entity: 'exception', entityId: x.id, before: { status: 'open' }, after: { status: 'resolved', resolution }, outbox },
    };
  }, now);
}
