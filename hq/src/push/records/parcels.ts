import { RecordRefused } from '../../errors';
import { claim, mine } from '../owners';
import type { Payload } from '../parse';
import { addReceipts, parcelReceipt } from '../receipts';
import type { ApplyContext, RecordType } from '../record-type';
import { insertReturnSteps, step } from '../return-steps';

/** A change to a parcel this station recorded (found by its owner's row: the partition it lives in). */
async function updateParcel({ client, scope }: ApplyContext, parcelId: string, set: string, values: unknown[]) {
  const owner = await mine(client, scope, 'parcel', parcelId, 'unknown_parcel', `parcel ${parcelId} was never opened at HQ`);
  await client.query(`update parcels set ${set} where warehouse_id = $1 and parcel_id = $2 and opened_at = $3`, [
    scope.warehouseId,
    parcelId,
    owner.at,
    ...values,
  ]);
}

/** The return numbers a parcel of this station carries now; a unit or refund names one of them. */
export async function parcelCarries(ctx: ApplyContext, parcelId: string, rmaNo: string) {
  const refused = new RecordRefused('return_not_received', `return ${rmaNo} was not received in parcel ${parcelId} of this station`);
  const owner = await mine(ctx.client, ctx.scope, 'parcel', parcelId, 'return_not_received', refused.message);
  const row = (
    await ctx.client.query<{ rma_nos: string[] }>('select rma_nos from parcels where warehouse_id = $1 and parcel_id = $2 and opened_at = $3', [
      ctx.scope.warehouseId,
      parcelId,
      owner.at,
    ])
  ).rows[0];
  if (!row?.rma_nos.includes(rmaNo)) throw refused;
}

const opened: RecordType = {
  opens: (p) => ({ kind: 'parcel', id: p.id }),
  async apply(ctx, p) {
    const { client, scope } = ctx;
    if (await claim(client, scope, 'parcel', p.id, p.openedAt)) return;
    await client.query(
      `insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, clerk_id)
       values ($1, $2, $3, $4, 'open', $5, $6, $7, $8) on conflict do nothing`,
      [scope.warehouseId, p.id, p.openedAt, scope.stationId, p.rmaNos, p.trackingNumber, p.carrier, p.clerkId],
    );
    await addReceipts(
      client,
      scope,
      (p.rmaNos as string[]).map((rma) => ({ rma_no: rma, parcels: [parcelReceipt(scope, p.id, p.openedAt)], units: [] })),
    );
    await insertReturnSteps(client, scope, openedSteps(ctx.scope, p));
  },
  fold(seg, p) {
    const { scope } = seg;
    const row = {
      warehouse_id: scope.warehouseId,
      parcel_id: p.id,
      opened_at: p.openedAt,
      station_id: scope.stationId,
      status: 'open',
      rma_nos: p.rmaNos,
      tracking_number: p.trackingNumber,
      carrier: p.carrier,
      clerk_id: p.clerkId,
      carrier_noted: false,
      photos: [],
    };
    if (!seg.openParcel(row)) return;
    for (const rma of p.rmaNos as string[]) seg.receipt(rma, 'parcels', parcelReceipt(scope, p.id, p.openedAt));
    seg.steps(openedSteps(scope, p));
  },
};
const openedSteps = (scope: ApplyContext['scope'], p: Payload) =>
  (p.rmaNos as string[]).map((rmaNo) => ({ ...step(scope, rmaNo, 'parcel_received', p.openedAt, { parcelId: p.id }), rmaNo }));

const returnAdded: RecordType = {
  async apply(ctx, p) {
    await updateParcel(ctx, p.id, 'rma_nos = case when $4 = any(rma_nos) then rma_nos else rma_nos || $4 end', [p.rmaNo]);
    await addReceipts(ctx.client, ctx.scope, [{ rma_no: p.rmaNo, parcels: [parcelReceipt(ctx.scope, p.id, ctx.item.createdAt)], units: [] }]);
    await insertReturnSteps(ctx.client, ctx.scope, [
      { ...step(ctx.scope, p.rmaNo, 'parcel_received', ctx.item.createdAt, { parcelId: p.id }), rmaNo: p.rmaNo },
    ]);
  },
  fold(seg, p, item) {
    const patch = seg.parcel(p.id, item.seq);
    if (!patch.add_rma.includes(p.rmaNo)) patch.add_rma.push(p.rmaNo);
    seg.receipt(p.rmaNo, 'parcels', parcelReceipt(seg.scope, p.id, item.createdAt));
    seg.steps([step(seg.scope, p.rmaNo, 'parcel_received', item.createdAt, { parcelId: p.id })]);
  },
};

/** The parcel changes that only set columns: the SQL for one record, and the same change folded into a segment. */
const setting = (set: string, values: (p: Payload) => unknown[], patch: (p: Payload) => Record<string, unknown>): RecordType => ({
  apply: (ctx, p) => updateParcel(ctx, p.id, set, values(p)),
  fold(seg, p, item) {
    Object.assign(seg.parcel(p.id, item.seq), patch(p));
  },
});

export const PARCEL_RECORDS = {
  'parcel.opened': opened,
  'parcel.returnAdded': returnAdded,
  'parcel.weighed': setting(
    'weight_grams = $4, weight_source = $5',
    (p) => [p.weight.grams, p.weight.source],
    (p) => ({ set_weight: true, weight_grams: p.weight.grams, weight_source: p.weight.source }),
  ),
  'parcel.condition': setting(
    "outer_condition = $4, status = 'inspecting'",
    (p) => [p.outerCondition],
    (p) => ({ set_condition: true, outer_condition: p.outerCondition, status: 'inspecting' }),
  ),
  'parcel.carrierNoted': setting(
    'carrier_noted = true',
    () => [],
    () => ({ carrier_noted: true }),
  ),
  'parcel.voided': setting(
    "status = 'voided', void_reason = $4, closed_at = $5",
    (p) => [p.reason, p.at],
    (p) => ({ status: 'voided', set_void: true, void_reason: p.reason, set_closed: true, closed_at: p.at }),
  ),
  'parcel.reopened': setting(
    "status = 'inspecting', closed_at = null",
    () => [],
    () => ({ status: 'inspecting', set_closed: true, closed_at: null }),
  ),
  'parcel.completed': setting(
    'status = $4, closed_at = $5',
    (p) => [p.status, p.closedAt],
    (p) => ({ status: p.status, set_closed: true, closed_at: p.closedAt }),
  ),
  'parcel.closed': setting(
    "status = 'closed'",
    () => [],
    () => ({ status: 'closed' }),
  ),
  // Rare (read off a carrier's receipt): applied on its own, even inside a batch.
  'parcel.handedToCarrier': { apply: (ctx, p) => updateParcel(ctx, p.id, 'handed_to_carrier_at = $4', [p.at]) },
} satisfies Record<string, RecordType>;
