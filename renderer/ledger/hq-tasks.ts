import { StationError } from '../../shared/errors';
import { reason, type ExpectedReturn, type GiftCheck, type Policy } from '../../shared/returns';
import { carrierClaimDetails, recyclingDetails, type HqTask } from '../../shared/returns/records/hq-task';
import type { ParcelRow, StationDb, UnitRow } from '../db/station-db';
import { iso, newId } from './common';
import { policyFor } from './policies';
import { recordUserAction, type Actor, type OutboxItem } from './record-action';

/** The tables opening HQ work reads or writes inside a completion. */
export const HQ_TASK_TABLES = ['hqTasks', 'catalog'] as const;

const opened = (task: HqTask): OutboxItem => ({ type: 'task.opened', payload: task });

/**
 * Inside completeParcel's transaction: a carrier claim for the units of this parcel the carrier damaged —
 * once per parcel — with what the carrier is asked for (each unit's value: its line's price, else the
 * catalog's), the parcel's carrier, tracking number and weight, and every photo of the parcel and those units.
 */
export async function openCarrierClaim(
  db: StationDb,
  parcel: ParcelRow,
  units: UnitRow[],
  returns: ExpectedReturn[],
  at: string,
  who: string,
): Promise<OutboxItem[]> {
  const damaged = units.filter((u) => u.faultParty === 'carrier' && u.acceptance !== 'rejected');
  if (damaged.length === 0) return [];
  if (
    (await db.hqTasks
      .where('parcelId')
      .equals(parcel.id)
      .filter((t) => t.kind === 'carrier_claim')
      .count()) > 0
  )
    return [];
  const worthOf = async (u: UnitRow) => {
    const line = returns.find((r) => r.rmaNo === u.rmaNo)?.lines.find((l) => l.lineId === u.expectedLineId);
    if (line && (u.match === 'matched' || u.match === 'serial_mismatch'))
      return { minor: line.unitPriceMinor * u.qty, currency: returns.find((r) => r.rmaNo === u.rmaNo)!.currency };
    const item = u.scan.gtin ? await db.catalog.get(u.scan.gtin) : undefined;
    return { minor: (item?.priceMinor ?? 0) * u.qty, currency: item?.currency };
  };
  const values = await Promise.all(damaged.map(worthOf));
  const currency = values.find((v) => v.currency)?.currency;
  const amountMinor = values.reduce((n, v) => n + v.minor, 0);
  const task: HqTask = {
    id: newId(),
    kind: 'carrier_claim',
    status: 'open',
    createdAt: at,
    by: who,
    parcelId: parcel.id,
    ...(parcel.rmaNos[0] ? { rmaNo: damaged.find((u) => u.rmaNo)?.rmaNo ?? parcel.rmaNos[0] } : {}),
    lpns: damaged.map((u) => u.lpn),
    amountMinor,
    ...(currency ? { currency } : {}),
    carrier: parcel.carrier ?? null,
    trackingNumber: parcel.trackingNumber ?? null,
    ...(parcel.weight ? { parcelWeightGrams: parcel.weight.grams } : {}),
    photos: [...new Set([...parcel.photos, ...damaged.flatMap((u) => u.photos ?? [])])],
    details: carrierClaimDetails(damaged.length, amountMinor, parcel.carrier, !!parcel.carrierNoted),
  };
  await db.hqTasks.add(task);
  return [opened(task)];
}

/**
 * Inside completeParcel's transaction: each virtual gift (a coupon, points) the return's gift check says HQ
 * must reverse, opened once per return and gift line, due within the policy's hours.
 */
export async function openVirtualGiftReversals(
  db: StationDb,
  expected: ExpectedReturn,
  gifts: GiftCheck[],
  policy: Policy,
  parcelId: string,
  at: string,
  who: string,
): Promise<OutboxItem[]> {
  const out: OutboxItem[] = [];
  for (const g of gifts) {
    const reverse = g.tasks.find((t) => t.kind === 'reverse_virtual');
    if (!reverse) continue;
    const already = await db.hqTasks
      .where('rmaNo')
      .equals(expected.rmaNo)
      .filter((t) => t.kind === 'virtual_gift_reversal' && t.giftLineId === g.giftLineId)
      .count();
    if (already > 0) continue;
    const line = expected.lines.find((l) => l.lineId === g.giftLineId)!;
    const task: HqTask = {
      id: newId(),
      kind: 'virtual_gift_reversal',
      status: 'open',
      createdAt: at,
      by: who,
      parcelId,
      rmaNo: expected.rmaNo,
      lpns: [],
      giftLineId: g.giftLineId,
      giftKind: line.giftKind === 'points' ? 'points' : 'coupon',
      qty: reverse.qty,
      ...(line.giftAllocatedMinor !== undefined ? { amountMinor: line.giftAllocatedMinor * reverse.qty, currency: expected.currency } : {}),
      ...(line.giftPoints !== undefined ? { points: line.giftPoints * reverse.qty } : {}),
      dueBy: new Date(Date.parse(at) + policy.gifts.virtualReversalHours * 3_600_000).toISOString(),
      photos: [],
      details: g.reasons,
    };
    await db.hqTasks.add(task);
    out.push(opened(task));
  }
  return out;
}

/**
 * A gift the customer gave back under a recycling programme: the clerk records it with its photo (taken
 * first, with P), and HQ awards the points. The photo is the proof: without one, nothing is recorded.
 */
export function recordRecycling(
  db: StationDb,
  actor: Actor,
  input: { parcelId: string; photo: string; description: string; rmaNo?: string; now?: Date },
): Promise<HqTask> {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['parcels', 'photos', 'hqTasks', 'expectedReturns', 'policies'],
    async () => {
      const parcel = await db.parcels.get(input.parcelId);
      if (!parcel) throw new StationError('parcel_unknown', 'No such parcel.');
      if (!(await db.photos.get(input.photo)))
        throw new StationError('photos_required', 'Take a photo of the recycled item first (P): it is what HQ awards the points on.', {
          reasons: [reason('photo.itemDamage')],
        });
      const description = input.description.trim();
      if (description.length < 2) throw new StationError('reason_required', 'Say what was given back.');
      const rmaNo = input.rmaNo ?? parcel.rmaNos[0];
      const expected = rmaNo ? await db.expectedReturns.get(rmaNo) : undefined;
      const policy = await policyFor(db, expected).catch(() => undefined);
      const task: HqTask = {
        id: newId(),
        kind: 'recycling_points',
        status: 'open',
        createdAt: iso(now),
        by: actor.who,
        parcelId: parcel.id,
        ...(rmaNo ? { rmaNo } : {}),
        lpns: [],
        photos: [input.photo],
        description,
        ...(policy?.gifts.recyclingPoints ? { points: policy.gifts.recyclingPoints } : {}),
        details: recyclingDetails(description),
      };
      await db.hqTasks.add(task);
      return {
        result: task,
        record: {
          action: 'recycling.record',
          entity: 'parcel',
          entityId: parcel.id,
          after: { taskId: task.id, description, photo: input.photo },
          outbox: opened(task),
        },
      };
    },
    now,
  );
}

/** Work this station handed to HQ for a parcel (claims, reversals, recycling). */
export function hqTasksOfParcel(db: StationDb, parcelId: string): Promise<HqTask[]> {
  return db.hqTasks.where('parcelId').equals(parcelId).toArray();
}
