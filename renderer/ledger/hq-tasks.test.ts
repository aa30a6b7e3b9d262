/**
 * Work only HQ can finish, opened by the station with what HQ needs: a carrier claim for what the carrier
 * damaged, a virtual gift to reverse, points to award for a recycled gift.
 */
import { describe, expect, it } from 'vitest';
import { apparelAnswers, dressReturn } from '../../test/helpers/returns';
import { NOW, receiveParcel, seed, takeItem } from '../../test/helpers/receive-flow';
import { useStationDbs } from '../../test/helpers/station-db';
import { addPhoto, completeParcel, recordCarrierNoted, recordCondition, recordRecycling, reopenParcel } from './index';
import { OUTBOX_TYPES } from '../../shared/sync/outbox-types';

const stationDbs = useStationDbs();
const clerk = { who: 'clerk-7' };
const tasksOf = async (db: ReturnType<typeof stationDbs.fresh>) =>
  (await db.outbox.toArray()).filter((o) => o.type === 'task.opened').map((o) => o.payload as Record<string, unknown>);

describe('a carrier claim is a record, opened with everything the carrier is asked for', () => {
  it('a box the carrier crushed: one claim per parcel, the damaged units’ value, the carrier, tracking number, weight and photos', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ reason: 'damaged_in_transit', lines: [{ ...dressReturn().lines[0]!, qty: 2 }] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 910);
    await recordCondition(db, clerk, parcel.id, 'crushed');
    await recordCarrierNoted(db, clerk, parcel.id);
    const box = await addPhoto(db, clerk, { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([1, 2, 3])]) });
    const units = [];
    for (let i = 0; i < 2; i++) {
      units.push(
        await takeItem(
          db,
          parcel.id,
          dress!,
          { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched', answers: apparelAnswers(['no_damage']) },
          undefined,
          NOW,
          { photoWaiver: { by: 'M001', reason: 'the box photo shows it; the camera is on the box' } },
        ),
      );
    }
    expect(units.map((u) => u.faultParty)).toEqual(['carrier', 'carrier']);
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    const [claim, ...more] = await tasksOf(db);
    expect(more).toEqual([]);
    expect(claim).toMatchObject({
      kind: 'carrier_claim',
      status: 'open',
      parcelId: parcel.id,
      rmaNo: dress!.rmaNo,
      lpns: units.map((u) => u.lpn),
      amountMinor: 79800,
      currency: 'CNY',
      carrier: 'sf',
      trackingNumber: 'SF1234567890123',
      parcelWeightGrams: 910,
      photos: [box],
    });
    expect(OUTBOX_TYPES['task.opened'].schema.safeParse(claim).success).toBe(true);
    // Completed again after a reopen, the parcel still has one claim.
    await reopenParcel(db, { who: 'M001' }, { parcelId: parcel.id, reason: 'a label was missed', timeZone: 'Asia/Shanghai', now: NOW });
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    expect(await tasksOf(db)).toHaveLength(1);
  });
});

describe('virtual gifts (赠品 that are coupons or points) are reversed at HQ', () => {
  it('a coupon that came with the order: a reversal task for HQ, due within the policy’s 24 hours, no deduction', async () => {
    const db = stationDbs.fresh();
    const base = dressReturn();
    const [ret] = await seed(db, dressReturn({ lines: [base.lines[0]!, { ...base.lines[1]!, giftKind: 'coupon', giftAllocatedMinor: 2000 }] }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [ret!]);
    await takeItem(db, parcel.id, ret!, { rmaNo: ret!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    // Nothing was missing from the box: the coupon never travels.
    expect(done.openExceptions).toEqual([]);
    expect(done.decisions[0]!.recommendation.giftDeductionMinor).toBe(0);
    expect(await tasksOf(db)).toEqual([
      expect.objectContaining({
        kind: 'virtual_gift_reversal',
        rmaNo: ret!.rmaNo,
        giftLineId: 'G1',
        giftKind: 'coupon',
        qty: 1,
        amountMinor: 2000,
        dueBy: new Date(NOW.getTime() + 24 * 3_600_000).toISOString(),
      }),
    ]);
  });
});

describe('recycling (a gift given back for points)', () => {
  it('is recorded with its photo, for HQ to award the points; without a photo nothing is recorded', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    await expect(recordRecycling(db, clerk, { parcelId: parcel.id, photo: 'a'.repeat(64), description: 'old scarf' })).rejects.toMatchObject({
      code: 'photos_required',
    });
    const photo = await addPhoto(db, clerk, { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([9, 9])]) });
    const task = await recordRecycling(db, clerk, { parcelId: parcel.id, photo, description: '旧丝巾 (recycling bag)' });
    expect(task).toMatchObject({ kind: 'recycling_points', photos: [photo], rmaNo: dress!.rmaNo, description: '旧丝巾 (recycling bag)' });
    expect((await tasksOf(db)).map((t) => t.id)).toEqual([task.id]);
  });
});
