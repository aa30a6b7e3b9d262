import type { ExceptionResolution } from '../../shared/sync/protocol';
import type { ExceptionRow, ParcelRow, StationDb } from '../db/station-db';
import { recordUserAction, type OutboxItem } from './record-action';

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
    const open = await db.exceptions
      .where('parcelId')
      .equals(id)
      .filter((x) => x.status === 'open')
      .count();
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
  return resolved.map((x) => ({ type: 'exception.resolved' as const, payload: x }));
}

/**
 * Exceptions a person at HQ resolved (pulled, kept pending): each one still open here is settled as HQ said
 * — one audited action each, told back to HQ — and a parcel it held closes. Returns how many it settled.
 */
export async function settleHqResolutions(db: StationDb, now = new Date()): Promise<number> {
  let settled = 0;
  for (const r of await db.hqResolutions.where('pending').equals(1).toArray()) {
    // A refund conflict HQ settled names the decisions it released or denied: this station's are marked so.
    if (r.refundDecisions) await noteHqRefundSettlement(db, r, now);
    // Another station's exception (the warehouse's stations all pull the same rows): nothing to settle here.
    if (!(await db.exceptions.get(r.exceptionId))) {
      await db.hqResolutions.update(r.exceptionId, { pending: undefined });
      continue;
    }
    await recordUserAction(
      db,
      { who: `hq:${r.resolvedBy}` },
      ['exceptions', 'parcels', 'hqResolutions'],
      async () => {
        await db.hqResolutions.update(r.exceptionId, { pending: undefined });
        const x = await db.exceptions.get(r.exceptionId);
        if (x?.status !== 'open')
          return {
            result: undefined,
            record: { action: 'exception.hqResolutionSeen', entity: 'exception', entityId: r.exceptionId, after: { resolvedBy: r.resolvedBy } },
          };
        settled++;
        const at = now.toISOString();
        const outbox = [
          ...(await resolveExceptionRows(db, [x], `at HQ: ${r.resolution}`, `hq:${r.resolvedBy}`, at)),
          ...(await closeSettledParcels(db, [x.parcelId], at, `hq:${r.resolvedBy}`)),
        ];
        return {
          result: undefined,
          record: {
            action: 'exception.resolveAtHq',
            entity: 'exception',
            entityId: x.id,
            before: { status: 'open' },
            after: { status: 'resolved', resolution: r.resolution, resolvedBy: r.resolvedBy, resolvedAt: r.resolvedAt },
            outbox,
          },
        };
      },
      now,
      // HQ's decision is recorded when it arrives, whatever day is closed.
      { whenDayClosed: 'allow' },
    );
  }
  return settled;
}

/**
 * HQ settled a return refunded at two stations: this station's decisions it names are marked released or
 * denied (who, why, when), so Reconcile stops counting a denied one as this station's to pay. A new fact
 * from HQ, audited here; HQ holds it already, so nothing is sent back.
 */
async function noteHqRefundSettlement(db: StationDb, r: ExceptionResolution, now: Date): Promise<number> {
  const named = r.refundDecisions!;
  const mine = (await db.refundDecisions.bulkGet(named.ids)).filter((d) => d !== undefined && d.hq === undefined);
  if (mine.length === 0) return 0;
  return recordUserAction(
    db,
    { who: `hq:${r.resolvedBy}` },
    ['refundDecisions'],
    async () => {
      const hq = { status: named.hqStatus, by: r.resolvedBy, reason: r.resolution, at: r.resolvedAt };
      for (const d of mine) await db.refundDecisions.put({ ...d!, hq });
      return {
        result: mine.length,
        record: {
          action: 'refund.settledAtHq',
          entity: 'return',
          entityId: r.rmaNo ?? mine[0]!.rmaNo,
          after: { decisions: mine.map((d) => d!.id), ...hq },
        },
      };
    },
    now,
    { whenDayClosed: 'allow' },
  );
}
