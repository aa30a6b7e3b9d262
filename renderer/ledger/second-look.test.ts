/**
 * A high-value unit is looked at twice (the policy's risk.highValueMinor): a manager who is not the clerk
 * confirms it before it is accepted — on the spot, or by the override or photo waiver they sign — through
 * the real ledger.
 */
import { describe, expect, it } from 'vitest';
import { dressReturn, phoneReturn } from '../../test/helpers/returns';
import { label, receiveParcel, seed, takeItem } from '../../test/helpers/receive-flow';
import { useStationDbs } from '../../test/helpers/station-db';
import type { StationDb } from '../db/station-db';
import { acceptUnit, verifyAuditChain } from './index';

const clerk = { who: 'clerk-7' };
/** Accepts the item still in hand (after a refusal left it there). */
const acceptInHand = async (db: StationDb, parcelId: string, extra: Partial<Parameters<typeof acceptUnit>[2]>) =>
  acceptUnit(db, clerk, { parcelId, itemId: (await db.parcels.get(parcelId))!.pending!.id, label, ...extra });

const stationDbs = useStationDbs();
const phone = (serial: string) => ({
  rmaNo: 'RMA-2026B0002',
  raw: `]d20106901234567915 21${serial}`.replace(' ', ''),
  lineId: 'P1',
  match: 'matched' as const,
});

describe('a second look at a high-value unit', () => {
  it('is asked for before a ¥2 999 phone is accepted, and kept with the unit; a ¥399 dress needs none', async () => {
    const db = stationDbs.fresh();
    const [phones] = await seed(db, phoneReturn());
    const parcel = await receiveParcel(db, 'RMA-2026B0002', [phones!], 800);
    await expect(takeItem(db, parcel.id, phones!, phone('SN-A1'), undefined, undefined, {})).rejects.toMatchObject({
      code: 'second_look_required',
      details: { reasons: [{ key: 'risk.secondLook', params: { valueMinor: 299900, thresholdMinor: 200000 } }] },
    });
    // Nothing was accepted by the refusal: the item is still in hand, and no LPN was spent.
    expect(await db.units.count()).toBe(0);
    const unit = await acceptInHand(db, parcel.id, { secondLook: { by: 'M001' } });
    expect(unit.secondLook).toMatchObject({ by: 'M001' });
    const outbox = await db.outbox.filter((o) => o.type === 'unit.received').toArray();
    expect(outbox.map((o) => (o.payload as { secondLook?: unknown }).secondLook)).toEqual([expect.objectContaining({ by: 'M001' })]);
    expect(await verifyAuditChain(db)).toBeNull();

    const low = stationDbs.fresh();
    const [dress] = await seed(low, dressReturn());
    const box = await receiveParcel(low, 'RMA-2026A0001', [dress!], 430);
    const plain = await takeItem(low, box.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, undefined, {});
    expect(plain.secondLook).toBeUndefined();
  });

  it('is a manager’s, and not the clerk’s own; a manager’s override counts as one', async () => {
    const db = stationDbs.fresh();
    const [phones] = await seed(db, phoneReturn());
    const parcel = await receiveParcel(db, 'RMA-2026B0002', [phones!], 800);
    await expect(takeItem(db, parcel.id, phones!, phone('SN-A1'), undefined, undefined, { secondLook: { by: 'clerk-7' } })).rejects.toMatchObject({
      code: 'manager_required',
    });
    await expect(
      acceptUnit(db, { who: 'M001' }, { parcelId: parcel.id, itemId: (await db.parcels.get(parcel.id))!.pending!.id, label, secondLook: { by: 'M001' } }),
    ).rejects.toMatchObject({ code: 'second_look_same_person' });
    // A manager's override (disposition decided otherwise, with a reason) is that manager looking at it.
    const unit = await acceptInHand(db, parcel.id, { override: { by: 'M001', reason: 'box opened, phone sealed', disposition: 'SELLABLE' } });
    expect(unit.secondLook).toMatchObject({ by: 'M001' });
  });
});
