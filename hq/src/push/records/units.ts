import { lpnHasPrefix } from '../../../../shared/sync/lpn-prefix';
import { claim, mine, mineIfHeld } from '../owners';
import type { Payload } from '../parse';
import { addReceipts, unitReceipt } from '../receipts';
import type { ApplyContext, RecordType } from '../record-type';
import { insertReturnSteps, step } from '../return-steps';
import { parcelCarries } from './parcels';

export async function addPhotoRefs({ client, scope }: ApplyContext, shas: string[]) {
  if (shas.length === 0) return;
  await client.query({
    name: 'photo-refs',
    text: 'insert into photo_refs (warehouse_id, sha256, station_id) select $1, s, $2 from unnest($3::text[]) s on conflict do nothing',
    values: [scope.warehouseId, scope.stationId, shas],
  });
}

const receivedSteps = (scope: ApplyContext['scope'], u: Payload) =>
  u.rmaNo
    ? [
        {
          ...step(scope, u.rmaNo, 'unit_decided', u.inspectedAt, { lpn: u.lpn, grade: u.grade, disposition: u.disposition ?? null, acceptance: u.acceptance }),
          rmaNo: u.rmaNo as string,
        },
      ]
    : [];

const received: RecordType = {
  notYours: (scope, u) =>
    lpnHasPrefix(u.lpn, scope.lpnPrefixes) ? null : `LPN ${u.lpn} does not carry a prefix HQ gave this station (${scope.lpnPrefixes.join(', ')})`,
  opens: (u) => ({ kind: 'unit', id: u.lpn }),
  async apply(ctx, u) {
    const { client, scope } = ctx;
    if (u.rmaNo) await parcelCarries(ctx, u.parcelId, u.rmaNo);
    else await mineIfHeld(client, scope, 'parcel', u.parcelId);
    if (await claim(client, scope, 'unit', u.lpn, u.inspectedAt)) return;
    await client.query(
      `insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, photos, payload)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) on conflict do nothing`,
      [
        scope.warehouseId,
        u.lpn,
        u.inspectedAt,
        scope.stationId,
        u.parcelId,
        u.rmaNo ?? null,
        u.expectedLineId,
        u.match,
        u.grade,
        u.disposition ?? null,
        u.channel ?? null,
        u.acceptance,
        u.faultParty ?? null,
        u.clerkId,
        u.photos ?? [],
        ctx.item.sent,
      ],
    );
    await addPhotoRefs(ctx, u.photos ?? []);
    if (u.rmaNo) await addReceipts(client, scope, [{ rma_no: u.rmaNo, parcels: [], units: [unitReceipt(scope, u as never)] }]);
    await insertReturnSteps(client, scope, receivedSteps(scope, u));
  },
  fold(seg, u, item) {
    const { scope } = seg;
    if (u.rmaNo) seg.naming(u.parcelId, u.rmaNo);
    else if (!seg.openedHere(u.parcelId)) seg.ref('parcel', u.parcelId);
    const row = {
      warehouse_id: scope.warehouseId,
      lpn: u.lpn,
      received_at: u.inspectedAt,
      station_id: scope.stationId,
      parcel_id: u.parcelId,
      rma_no: u.rmaNo ?? null,
      line_id: u.expectedLineId,
      match: u.match,
      grade: u.grade,
      disposition: u.disposition ?? null,
      channel: u.channel ?? null,
      acceptance: u.acceptance,
      fault_party: u.faultParty ?? null,
      clerk_id: u.clerkId,
      photos: u.photos ?? [],
      corrections: 0,
      log_seq: item.seq,
    };
    if (!seg.receiveUnit(row)) return;
    for (const sha of u.photos ?? []) seg.photo(sha);
    if (u.rmaNo) seg.receipt(u.rmaNo, 'units', unitReceipt(scope, u as never));
    seg.steps(receivedSteps(scope, u));
  },
};

/** A later decision on a unit this station received: what it sets, and the same folded into a segment. */
const deciding = (set: string, values: (p: Payload) => unknown[], patch: (p: Payload) => Record<string, unknown>): RecordType => ({
  async apply(ctx, p) {
    const { client, scope } = ctx;
    const owner = await mine(client, scope, 'unit', p.lpn, 'unknown_unit', `unit ${p.lpn} was never received at HQ`);
    const row = (
      await client.query<{ rma_no: string | null }>(
        `update units set ${set}, corrections = corrections + 1 where warehouse_id = $1 and lpn = $2 and received_at = $3 returning rma_no`,
        [scope.warehouseId, p.lpn, owner.at, ...values(p)],
      )
    ).rows[0];
    if (row?.rma_no) await insertReturnSteps(client, scope, [{ ...decidedStep(ctx.scope, p), rmaNo: row.rma_no }]);
  },
  fold(seg, p, item) {
    const u = seg.unit(p.lpn, item.seq, true);
    Object.assign(u, patch(p), { corrections: u.corrections + 1 });
    const rma = seg.returnOfUnit(p.lpn);
    if (rma !== null) seg.steps([{ ...decidedStep(seg.scope, p), ...(rma !== undefined ? { rmaNo: rma } : {}) }], p.lpn);
  },
});
const decidedStep = (scope: ApplyContext['scope'], p: Payload) => step(scope, undefined, 'unit_decided', p.at, { lpn: p.lpn, ...p.after, by: p.by });

export const UNIT_RECORDS = {
  'unit.received': received,
  'unit.corrected': deciding(
    'disposition = $4, channel = $5',
    (p) => [p.after.disposition, p.after.channel],
    (p) => ({ set_disposition: true, disposition: p.after.disposition, channel: p.after.channel }),
  ),
  'unit.decided': deciding(
    'acceptance = $4, disposition = $5, channel = $6',
    (p) => [p.after.acceptance, p.after.disposition, p.after.channel],
    (p) => ({ acceptance: p.after.acceptance, set_disposition: true, disposition: p.after.disposition, channel: p.after.channel }),
  ),
} satisfies Record<string, RecordType>;
