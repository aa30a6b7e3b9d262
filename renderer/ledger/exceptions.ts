import { StationError } from '../../shared/errors';
import type { StationDb } from '../db/station-db';
import { iso, requireManager } from './common';
import { closeSettledParcels, resolveExceptionRows } from './held';
import { recordUserAction, type Actor } from './record-action';

/**
 * A manager closes an exception with what was done about it — on any day: an earlier day's held parcel is
 * finished this way. Audited, and told to HQ. A held parcel whose last open exception this was becomes
 * closed in the same transaction.
 */
export function resolveException(db: StationDb, manager: Actor, exceptionId: string, resolution: string, now = new Date()): Promise<void> {
  return recordUserAction(
    db,
    manager,
    ['exceptions', 'parcels', 'users'],
    async () => {
      await requireManager(db, manager);
      const x = await db.exceptions.get(exceptionId);
      if (x?.status !== 'open') throw new StationError('exception_not_open', 'This exception is already resolved.');
      const outbox = [
        ...(await resolveExceptionRows(db, [x], resolution, manager.who, iso(now))),
        ...(await closeSettledParcels(db, [x.parcelId], iso(now), manager.who)),
      ];
      return {
        result: undefined,
        record: {
          action: 'exception.resolve',
          entity: 'exception',
          entityId: x.id,
          before: { status: 'open' },
          after: { status: 'resolved', resolution },
          outbox,
        },
      };
    },
    now,
  );
}
