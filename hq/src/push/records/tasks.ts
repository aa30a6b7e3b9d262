import { claim, mine } from '../owners';
import type { Payload } from '../parse';
import type { RecordType } from '../record-type';
import { insertReturnSteps, step } from '../return-steps';
import { parcelCarries } from './parcels';
import { addPhotoRefs } from './units';

const OPENED_STEP: Record<string, string> = {
  carrier_claim: 'claim_opened',
  virtual_gift_reversal: 'virtual_gift_reversal_due',
  recycling_points: 'recycling_recorded',
};

/**
 * Work a station hands to HQ (a carrier claim, a virtual gift to reverse, recycling points): about a parcel of
 * this station (and, when it names one, a return that parcel carries). Rare: applied on its own.
 */
const opened: RecordType = {
  async apply(ctx, t: Payload) {
    const { client, scope } = ctx;
    if (t.rmaNo) await parcelCarries(ctx, t.parcelId, t.rmaNo);
    else await mine(client, scope, 'parcel', t.parcelId, 'unknown_parcel', `parcel ${t.parcelId} was never opened at HQ`);
    if (await claim(client, scope, 'task', t.id, t.createdAt)) return;
    await client.query(
      `insert into hq_tasks (warehouse_id, task_id, kind, station_id, parcel_id, rma_no, status, amount_minor, currency, points, due_by, photos, created_at, payload)
       values ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $12, $13) on conflict do nothing`,
      [
        scope.warehouseId,
        t.id,
        t.kind,
        scope.stationId,
        t.parcelId,
        t.rmaNo ?? null,
        t.amountMinor ?? null,
        t.currency ?? null,
        t.points ?? null,
        t.dueBy ?? null,
        t.photos,
        t.createdAt,
        ctx.item.sent,
      ],
    );
    await addPhotoRefs(ctx, t.photos);
    if (t.rmaNo) {
      const detail = {
        taskId: t.id,
        kind: t.kind,
        ...(t.amountMinor !== undefined ? { amountMinor: t.amountMinor, currency: t.currency } : {}),
        ...(t.points !== undefined ? { points: t.points } : {}),
        ...(t.dueBy ? { dueBy: t.dueBy } : {}),
      };
      await insertReturnSteps(client, scope, [{ ...step(scope, t.rmaNo, OPENED_STEP[t.kind] ?? 'task_opened', t.createdAt, detail), rmaNo: t.rmaNo }]);
    }
  },
};

export const TASK_RECORDS = { 'task.opened': opened } satisfies Record<string, RecordType>;
