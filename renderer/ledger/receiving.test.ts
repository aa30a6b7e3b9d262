import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../shared/barcode/classify';
import { CN_MARKETPLACE_POLICY, evaluateUnit } from '../../shared/returns';
import { apparelAnswers, dressReturn, phoneReturn } from '../../test/helpers/returns';
import { useStationDbs } from '../../test/helpers/station-db';
import { NOW, expectOutboxValid, label, receiveParcel, seed, takeItem } from '../../test/helpers/receive-flow';
import type { PendingItem } from '../db/station-db';
import {
  acceptUnit,
  addPhoto,
  addReturnToParcel,
  completeParcel,
  correctUnit,
  currentRefund,
  dropItem,
  findOpenParcel,
  recordCondition,
  recordWeight,
  refundDecisions,
  reprintJob,
  startItem,
  updateItem,
  verifyAuditChain,
} from './index';

const stationDbs = useStationDbs();

const clerk = { who: 'clerk-7' };
const manager = { who: 'M001' };

describe('the ledger: a parcel action by action', () => {
  it('happy path: open, weigh, condition, accept with LPN and label, complete with one refund decision; all audited and in the outbox', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 455);
    expect(parcel).toMatchObject({ rmaNos: ['RMA-2026A0001'], trackingNumber: 'SF1234567890123', carrier: 'sf', status: 'open' });
    const unit = await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, 'printer-1');
    expect(unit).toMatchObject({ grade: 'A', disposition: 'SELLABLE', channel: 'restock', acceptance: 'accepted' });
    expect((await db.printJobs.get(unit.labelJobId!))!.label.lines).toEqual(['SELLABLE → restock']);

    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    // ¥399.00 less the seller-prepaid ¥12.00 return label: a no-reason return's freight is the buyer's.
    expect(done.decisions).toHaveLength(1);
    expect(done.decisions[0]).toMatchObject({
      rmaNo: 'RMA-2026A0001',
      seq: 1,
      deltaMinor: 38700,
      complete: true,
      recommendation: { totalMinor: 38700, status: 'ready' },
    });
    expect(done.parcel.status).toBe('closed');
    await expect(completeParcel(db, clerk, { parcelId: parcel.id, now: NOW })).rejects.toMatchObject({ code: 'parcel_not_open' });
    expect(await findOpenParcel(db)).toBeUndefined();
    expect((await db.auditEvents.toArray()).map((e) => e.action)).toEqual([
      'parcel.open',
      'parcel.weigh',
      'parcel.condition',
      'unit.accept',
      'parcel.complete',
    ]);
    expect((await db.outbox.toArray()).map((o) => [o.seq, o.type])).toEqual([
      [1, 'parcel.opened'],
      [2, 'parcel.weighed'],
      [3, 'parcel.condition'],
      [4, 'unit.received'],
      [5, 'labelJob.created'],
      [6, 'parcel.completed'],
      [7, 'refund.decided'],
    ]);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('an item is accepted once: a second Enter, a late save, or a late command never brings it back', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    const pending: PendingItem = {
      id: 'scan-1',
      rmaNo: dress!.rmaNo,
      raw: '6901234567892',
      scan: classifyScan('6901234567892'),
      lineId: 'L1',
      match: 'matched',
      answers: apparelAnswers(),
    };
    await startItem(db, parcel.id, pending);
    await acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label });
    await expect(acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label })).rejects.toMatchObject({ code: 'already_accepted' });
    // The screen's late save of the same item (answers changing) finds it gone and writes nothing.
    await updateItem(db, parcel.id, 'scan-1', (item) => ({ ...item, answers: {} }));
    expect((await db.parcels.get(parcel.id))!.pending).toBeUndefined();
    // Even put back as the item in hand, it cannot be accepted a second time.
    await startItem(db, parcel.id, pending);
    await expect(acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label })).rejects.toMatchObject({ code: 'already_accepted' });
    expect(await db.units.count()).toBe(1);
    // Another item cannot replace the one in hand.
    await expect(startItem(db, parcel.id, { ...pending, id: 'scan-2' })).rejects.toMatchObject({ code: 'finish_inspection' });
    await dropItem(db, parcel.id, 'scan-1');
    expect((await db.parcels.get(parcel.id))!.pending).toBeUndefined();
  });

  it('a photo stays with the item it was taken of, even when that item was accepted while the camera was busy', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    const first: PendingItem = {
      id: 'item-a',
      rmaNo: dress!.rmaNo,
      raw: '6901234567892',
      scan: classifyScan('6901234567892'),
      lineId: 'L1',
      match: 'matched',
      answers: apparelAnswers(),
    };
    await startItem(db, parcel.id, first);
    const unit = await acceptUnit(db, clerk, { parcelId: parcel.id, itemId: first.id, label });
    await startItem(db, parcel.id, { ...first, id: 'item-b', lineId: 'G1' });
    // The camera returns now, for the item that was in hand when P was pressed.
    await addPhoto(db, clerk, { parcelId: parcel.id, target: { kind: 'item', itemId: 'item-a' }, blob: new Blob([new Uint8Array([1, 2, 3])]) });
    expect((await db.units.get(unit.lpn))!.photos).toHaveLength(1);
    expect((await db.parcels.get(parcel.id))!.pending!.photos).toBeUndefined();
    await addPhoto(db, clerk, { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([4])]) });
    expect((await db.parcels.get(parcel.id))!.photos).toHaveLength(1);
    expect((await db.outbox.toArray()).filter((o) => o.type === 'photo.added')).toHaveLength(2);
    await expectOutboxValid(db);
  });

  it('weighs once: a second reading of the same parcel is refused, a re-weigh is explicit and audited', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!], 480);
    await expect(recordWeight(db, clerk, parcel.id, { grams: 480, stable: true, source: 'scale' })).rejects.toMatchObject({ code: 'already_weighed' });
    await recordWeight(db, clerk, parcel.id, { grams: 510, stable: true, source: 'scale' }, { reweigh: true });
    expect((await db.auditEvents.toArray()).filter((e) => e.action.startsWith('parcel.') && e.action.includes('weigh')).map((e) => e.action)).toEqual([
      'parcel.weigh',
      'parcel.reweigh',
    ]);
    expect((await db.parcels.get(parcel.id))!.weight!.grams).toBe(510);
    for (const grams of [-2, 0, 12.5])
      await expect(recordWeight(db, clerk, parcel.id, { grams, stable: true, source: 'scale' }, { reweigh: true })).rejects.toMatchObject({
        code: 'invalid_weight',
      });
  });

  it('completing a parcel with nothing scanned is refused, unless the clerk confirms it is empty (then a manager is told)', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    await expect(completeParcel(db, clerk, { parcelId: parcel.id, now: NOW })).rejects.toMatchObject({ code: 'parcel_empty' });
    expect((await db.parcels.get(parcel.id))!.status).toBe('inspecting');
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, confirmEmpty: true, now: NOW });
    expect(done.openExceptions.map((x) => x.kind)).toEqual(['empty_parcel']);
    expect(done.parcel.status).toBe('held');
  });
});

describe('the ledger: one return across parcels', () => {
  it('a second parcel for the same return: no second refundable unit, one decision per parcel, never overwritten, deltas add up', async () => {
    const db = stationDbs.fresh();
    const [phones] = await seed(db, phoneReturn());
    const p = phones!;
    const first = await receiveParcel(db, 'JD0012345678901', [p], 590);
    await takeItem(db, first.id, p, { rmaNo: p.rmaNo, raw: ']d2010690123456791521SN-A1', lineId: 'P1', match: 'matched' });
    await takeItem(db, first.id, p, { rmaNo: p.rmaNo, raw: '6901234567922', lineId: 'PG1', match: 'matched' });
    const one = await completeParcel(db, clerk, { parcelId: first.id, now: NOW });
    expect(one.decisions[0]).toMatchObject({ seq: 1, deltaMinor: 299900, complete: false });
    expect(one.openExceptions).toEqual([]);
    expect(one.parcel.status).toBe('closed');

    const second = await receiveParcel(db, 'RMA-2026B0002', [p], 590);
    await takeItem(db, second.id, p, { rmaNo: p.rmaNo, raw: ']d2010690123456791521SN-A2', lineId: 'P1', match: 'matched' });
    // A third phone (more than the two returned): an over-receipt, quarantined, never paid.
    const over = await takeItem(db, second.id, p, { rmaNo: p.rmaNo, raw: '6901234567915', lineId: 'P1', match: 'over' });
    expect(over).toMatchObject({ acceptance: 'manual_intervention_required', channel: 'quarantine', match: 'over' });
    const two = await completeParcel(db, clerk, { parcelId: second.id, now: NOW });
    // The second power bank never came: ¥59.00 deducted, once.
    expect(two.decisions[0]).toMatchObject({
      seq: 2,
      previousTotalMinor: 299900,
      deltaMinor: 299900 - 5900,
      complete: true,
      recommendation: { totalMinor: 2 * 299900 - 5900 },
    });
    expect(two.openExceptions.map((x) => x.kind).sort()).toEqual(['gift_missing', 'qty_over']);
    expect(two.parcel.status).toBe('held');

    const decisions = await refundDecisions(db, p.rmaNo);
    expect(decisions.map((d) => d.deltaMinor).reduce((a, b) => a + b, 0)).toBe((await currentRefund(db, p.rmaNo))!.recommendation.totalMinor);
    expect((await db.outbox.toArray()).filter((o) => o.type === 'refund.decided')).toHaveLength(2);
    await expectOutboxValid(db);
  });

  it('a gift that arrives in a later parcel resolves the earlier gift exception and gives the deduction back', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ returnFreight: undefined }));
    const d = dress!;
    const first = await receiveParcel(db, 'RMA-2026A0001', [d]);
    await takeItem(db, first.id, d, { rmaNo: d.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    const one = await completeParcel(db, clerk, { parcelId: first.id, now: NOW });
    expect(one.openExceptions.map((x) => x.kind)).toEqual(['gift_missing']);
    const second = await receiveParcel(db, 'RMA-2026A0001', [d]);
    await takeItem(db, second.id, d, { rmaNo: d.rmaNo, raw: '6901234567908', lineId: 'G1', match: 'matched' });
    const two = await completeParcel(db, clerk, { parcelId: second.id, now: NOW });
    expect(two.decisions[0]).toMatchObject({ deltaMinor: 2900, recommendation: { totalMinor: 39900 } });
    expect(await db.exceptions.get(one.openExceptions[0]!.id)).toMatchObject({ status: 'resolved' });
  });

  it('two returns in one box: the second slip adds its return, items match either, each gets its own refund', async () => {
    const db = stationDbs.fresh();
    const [dress, phones] = await seed(db, dressReturn({ returnFreight: undefined }), phoneReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!, phones!]);
    await addReturnToParcel(db, clerk, { parcelId: parcel.id, rmaNo: phones!.rmaNo, raw: 'RMA-2026B0002' });
    await expect(addReturnToParcel(db, clerk, { parcelId: parcel.id, rmaNo: phones!.rmaNo, raw: 'again' })).rejects.toMatchObject({
      code: 'return_already_in_parcel',
    });
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567908', lineId: 'G1', match: 'matched' });
    await takeItem(db, parcel.id, phones!, { rmaNo: phones!.rmaNo, raw: ']d2010690123456791521SN-A1', lineId: 'P1', match: 'matched' });
    await takeItem(db, parcel.id, phones!, { rmaNo: phones!.rmaNo, raw: '6901234567922', lineId: 'PG1', match: 'matched' });
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    expect(done.decisions.map((d) => [d.rmaNo, d.recommendation.totalMinor, d.complete])).toEqual([
      ['RMA-2026A0001', 39900, true],
      ['RMA-2026B0002', 299900, false],
    ]);
  });
});

describe('the ledger: what acceptance records', () => {
  it('a serial that differs, a late return and a wrong item each raise their exception row at acceptance, told to HQ', async () => {
    const db = stationDbs.fresh();
    const [phones, late] = await seed(db, phoneReturn(), dressReturn({ rmaNo: 'RMA-2026L0001', createdAt: '2026-12-05T06:00:00.000Z' }));
    const parcel = await receiveParcel(db, 'RMA-2026B0002', [phones!, late!]);
    // The policy wants a photo of a serial that differs; this dock has no camera today, and a manager says so.
    await takeItem(
      db,
      parcel.id,
      phones!,
      { rmaNo: phones!.rmaNo, raw: ']d2010690123456791521SN-ZZ', lineId: 'P1', match: 'serial_mismatch' },
      undefined,
      NOW,
      { photoWaiver: { by: 'M001', reason: 'no camera at dock 2 today' } },
    );
    await addReturnToParcel(db, clerk, { parcelId: parcel.id, rmaNo: late!.rmaNo, raw: late!.rmaNo });
    const lateUnit = await takeItem(db, parcel.id, late!, { rmaNo: late!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    expect(lateUnit.acceptance).toBe('rejected');
    const wrong = await takeItem(db, parcel.id, late!, { rmaNo: late!.rmaNo, raw: '4006381333931', lineId: 'L1', match: 'wrong_item' });
    expect(wrong).toMatchObject({ acceptance: 'manual_intervention_required', channel: 'quarantine' });
    const rows = await db.exceptions.toArray();
    expect(rows.map((x) => [x.kind, x.lpn !== undefined, x.rmaNo]).sort()).toEqual([
      ['late', true, 'RMA-2026L0001'],
      ['serial_mismatch', true, 'RMA-2026B0002'],
      ['wrong_item', true, 'RMA-2026L0001'],
    ]);
    expect((await db.outbox.toArray()).filter((o) => o.type === 'exception.raised')).toHaveLength(3);
    await expectOutboxValid(db);
  });

  it('decides for itself: a carrier-damaged unit whose policy wants photos is refused without them, whoever calls; a manager may waive them, with a reason, on the record', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ reason: 'damaged_in_transit', lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    await recordCondition(db, clerk, parcel.id, 'crushed');
    const pending: PendingItem = {
      id: 'crushed-1',
      rmaNo: dress!.rmaNo,
      raw: '6901234567892',
      scan: classifyScan('6901234567892'),
      lineId: 'L1',
      match: 'matched',
      answers: apparelAnswers(['no_damage']),
    };
    await startItem(db, parcel.id, pending);
    await expect(acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label })).rejects.toMatchObject({ code: 'photos_required' });
    await expect(
      acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label, photoWaiver: { by: clerk.who, reason: 'no camera' } }),
    ).rejects.toMatchObject({ code: 'manager_required' });
    await expect(acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label, photoWaiver: { by: 'M001', reason: '' } })).rejects.toMatchObject({
      code: 'reason_required',
    });
    expect(await db.units.count()).toBe(0);
    const unit = await acceptUnit(db, clerk, {
      parcelId: parcel.id,
      itemId: pending.id,
      label,
      photoWaiver: { by: 'M001', reason: 'webcam unplugged; the box is kept for the carrier' },
    });
    expect(unit.faultParty).toBe('carrier');
    expect(unit.photoWaiver).toMatchObject({
      by: 'M001',
      reason: 'webcam unplugged; the box is kept for the carrier',
      missing: expect.arrayContaining([expect.objectContaining({ key: 'photo.boxDamage' })]),
    });
    expect((await db.outbox.toArray()).find((o) => o.type === 'unit.received')!.payload).toMatchObject({ photoWaiver: { by: 'M001' } });
    expect((await db.auditEvents.orderBy('seq').last())!.after).toMatchObject({ photosWaivedBy: 'M001' });
  });

  it('decides for itself: unanswered checks are refused, whatever the caller says', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    const pending: PendingItem = {
      id: 'half',
      rmaNo: dress!.rmaNo,
      raw: '6901234567892',
      scan: classifyScan('6901234567892'),
      lineId: 'L1',
      match: 'matched',
      answers: { tags_attached: 'yes' },
    };
    await startItem(db, parcel.id, pending);
    await expect(acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label })).rejects.toMatchObject({ code: 'inspection_incomplete' });
    expect(await db.units.count()).toBe(0);
  });

  it('a category excluded from no-reason returns raises its own exception kind, not "late" nor a generic one', async () => {
    const db = stationDbs.fresh();
    const base = dressReturn();
    const [custom] = await seed(db, dressReturn({ lines: [{ ...base.lines[0]!, excludedFromNoReason: true }] }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [custom!]);
    const unit = await takeItem(db, parcel.id, custom!, { rmaNo: custom!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    expect(unit.acceptance).toBe('rejected');
    expect((await db.exceptions.toArray()).map((x) => x.kind)).toEqual(['category_excluded']);
    await expectOutboxValid(db);
  });

  it('an override changes only what the manager chose, and the label shows the decision that was stored', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    const pending: PendingItem = {
      id: 'o1',
      rmaNo: dress!.rmaNo,
      raw: '6901234567892',
      scan: classifyScan('6901234567892'),
      lineId: 'L1',
      match: 'matched',
      answers: apparelAnswers(['tags_attached']),
    };
    await startItem(db, parcel.id, pending);
    const e = evaluateUnit({
      expected: dress!,
      lineId: 'L1',
      itemMatchesOrder: true,
      answers: pending.answers,
      outerCondition: 'intact',
      receivedAt: NOW.toISOString(),
      customerReturnsInWindow: 0,
      policy: CN_MARKETPLACE_POLICY,
    });
    if (!e.ok || e.value.status !== 'decided') throw new Error('not decided');
    expect(e.value).toMatchObject({ disposition: 'CUSTOMER_DAMAGED', acceptance: 'manual_intervention_required' });
    const unit = await acceptUnit(db, clerk, {
      parcelId: parcel.id,
      itemId: pending.id,
      label,
      printerId: 'printer-1',
      override: { by: 'M001', reason: 'tags in the bag', disposition: 'SELLABLE' },
    });
    expect(unit).toMatchObject({ disposition: 'SELLABLE', channel: 'restock', acceptance: 'manual_intervention_required', faultParty: 'customer' });
    expect((await db.printJobs.get(unit.labelJobId!))!.label.lines).toEqual(['SELLABLE → restock']);
  });

  it('a same-day correction prints a new label (the old one superseded) and decides the return’s refund again', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ returnFreight: undefined, lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    const unit = await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, 'printer-1');
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    const corrected = await correctUnit(db, manager, {
      lpn: unit.lpn,
      disposition: 'CUSTOMER_DAMAGED',
      channel: 'liquidate',
      reason: 'stain found at the bench',
      timeZone: 'Asia/Shanghai',
      label,
      now: NOW,
    });
    expect(corrected.labelJobId).not.toBe(unit.labelJobId);
    expect(await db.printJobs.get(unit.labelJobId!)).toMatchObject({ supersededBy: corrected.labelJobId });
    // Reprinting the old label prints the corrected one.
    const again = await reprintJob(db, clerk, unit.labelJobId!, NOW);
    expect(again.label.lines).toEqual(['CUSTOMER_DAMAGED → liquidate']);
    expect((await db.printJobs.get(corrected.labelJobId!))!.label.lines).toEqual(['CUSTOMER_DAMAGED → liquidate']);
    const decisions = await refundDecisions(db, dress!.rmaNo);
    expect(decisions.map((d) => d.cause)).toEqual(['parcel', 'correction']);
    await expect(
      correctUnit(db, manager, {
        lpn: unit.lpn,
        disposition: 'SELLABLE',
        channel: 'restock',
        reason: 'x',
        timeZone: 'Asia/Shanghai',
        now: new Date('2026-11-25T06:00:00.000Z'),
      }),
    ).rejects.toMatchObject({ code: 'correction_too_late' });
  });
});
