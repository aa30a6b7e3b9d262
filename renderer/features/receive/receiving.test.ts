import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../../shared/barcode/classify';
import { CN_MARKETPLACE_POLICY, ExpectedReturnSchema, evaluateUnit, matchItemScan, matchParcelScan } from '../../../shared/returns';
import { apparelAnswers, dressReturn } from '../../../test/helpers/returns';
import { useStationDbs } from '../../../test/helpers/station-db';
import { verifyAuditChain } from '../../db/user-action';
import { acceptUnit, completeParcel, correctUnit, findOpenParcel, openParcel, recordCondition, recordWeight, resolveException, savePending } from './receiving';

const stationDbs = useStationDbs();
const clerk = { who: 'clerk-7' };
const NOW = new Date('2026-11-24T06:00:00.000Z');

describe('receiving a parcel, action by action', () => {
  it('happy path: open, weigh, condition, accept one unit with its LPN and label, complete with a refund', async () => {
    const db = stationDbs.fresh();
    const expected = ExpectedReturnSchema.parse(dressReturn({ lines: [dressReturn().lines[0]!] }));
    const scan = classifyScan('SF1234567890123');
    const match = matchParcelScan({ raw: 'SF1234567890123', scan, candidates: [expected] });
    if (!match.ok) throw new Error(match.error.message);
    const parcel = await openParcel(db, clerk, { raw: 'SF1234567890123', scan, match: match.value, stationId: 'STATION-01', now: NOW });
    expect(parcel).toMatchObject({ rmaNo: 'RMA-2026A0001', trackingNumber: 'SF1234567890123', carrier: 'sf', status: 'open' });
    await recordWeight(db, clerk, parcel.id, { grams: 455, stable: true, source: 'scale', scaleId: 'scale-1' });
    await recordCondition(db, clerk, parcel.id, 'intact');

    const item = classifyScan('6901234567892');
    const itemMatch = matchItemScan({ scan: item, expected, received: [] });
    if (!itemMatch.ok || itemMatch.value.kind !== 'matched') throw new Error('no match');
    const pending = { id: 'scan-1', raw: '6901234567892', scan: item, lineId: itemMatch.value.lineId, match: 'matched' as const, answers: apparelAnswers() };
    await savePending(db, parcel.id, pending);
    expect((await findOpenParcel(db))?.pending?.lineId).toBe('L1');

    const evaluation = evaluateUnit({ expected, lineId: 'L1', itemMatchesOrder: true, answers: pending.answers, outerCondition: 'intact', receivedAt: NOW.toISOString(), customerReturnsInWindow: 0, policy: CN_MARKETPLACE_POLICY });
    if (!evaluation.ok || evaluation.value.status !== 'decided') throw new Error('not decided');
    const unit = await acceptUnit(db, clerk, { parcel: (await db.parcels.get(parcel.id))!, pending, evaluation: evaluation.value, grade: evaluation.value.grade, label: (lpn) => ({ kind: 'unit', code: lpn, title: 'dress', lines: [] }), printerId: 'printer-1', now: NOW });
    expect(unit.lpn).toMatch(/^LPN[0-9A-Z]{10}$/);
    expect(classifyScan(unit.lpn)).toEqual({ kind: 'lpn', lpn: unit.lpn });
    expect(unit).toMatchObject({ grade: 'A', disposition: 'SELLABLE', channel: 'restock', acceptance: 'accepted' });
    expect(await db.printJobs.get(unit.labelJobId!)).toMatchObject({ code: unit.lpn, state: 'queued' });
    expect((await db.parcels.get(parcel.id))!.pending).toBeUndefined();
    // Accepting the same scan again (a second Enter, a late command) records nothing.
    await expect(acceptUnit(db, clerk, { parcel: (await db.parcels.get(parcel.id))!, pending, evaluation: evaluation.value, grade: 'A', label: (lpn) => ({ kind: 'unit', code: lpn, title: 'dress', lines: [] }), printerId: 'printer-1', now: NOW })).rejects.toMatchObject({ code: 'already_accepted' });
    expect(await db.units.count()).toBe(1);

    // An item scanned but not yet inspected blocks completing (a stale screen must not lose it).
    await savePending(db, parcel.id, { ...pending, id: 'scan-2' });
    await expect(completeParcel(db, clerk, { parcel: (await db.parcels.get(parcel.id))!, expected, policy: CN_MARKETPLACE_POLICY, customerReturnsInWindow: 0, now: NOW })).rejects.toMatchObject({ code: 'finish_inspection' });
    await savePending(db, parcel.id, undefined);
    const refund = await completeParcel(db, clerk, { parcel: (await db.parcels.get(parcel.id))!, expected, policy: CN_MARKETPLACE_POLICY, customerReturnsInWindow: 0, now: NOW });
    // ¥399.00 less the seller-prepaid ¥12.00 return label: a no-reason return's freight is the buyer's.
    expect(refund).toMatchObject({ rmaNo: 'RMA-2026A0001', grossMinor: 39900, totalMinor: 38700, status: 'ready' });
    expect(await db.parcels.get(parcel.id)).toMatchObject({ status: 'closed' });
    await expect(completeParcel(db, clerk, { parcel: (await db.parcels.get(parcel.id))!, expected, policy: CN_MARKETPLACE_POLICY, customerReturnsInWindow: 0, now: NOW })).rejects.toMatchObject({ code: 'parcel_not_open' });
    expect(await findOpenParcel(db)).toBeUndefined();
    expect((await db.auditEvents.toArray()).map((e) => e.action)).toEqual(['parcel.open', 'parcel.weigh', 'parcel.condition', 'unit.accept', 'parcel.complete']);
    expect((await db.outbox.toArray()).map((o) => [o.seq, o.type])).toEqual([[1, 'parcel.opened'], [2, 'unit.received'], [3, 'parcel.completed']]);
    expect(await verifyAuditChain(db)).toBeNull();

    // Same day: a correction is recorded with its reason, before and after; the next day it is refused.
    const corrected = await correctUnit(db, { who: 'M001' }, { lpn: unit.lpn, disposition: 'DAMAGED', channel: 'liquidate', reason: 'stain found at the bench', timeZone: 'Asia/Shanghai', now: NOW });
    expect(corrected).toMatchObject({ disposition: 'DAMAGED', channel: 'liquidate', corrections: [{ by: 'M001', reason: 'stain found at the bench', before: { disposition: 'SELLABLE', channel: 'restock' } }] });
    expect((await db.auditEvents.toArray()).at(-1)).toMatchObject({ action: 'unit.correct', before: { disposition: 'SELLABLE' }, after: { disposition: 'DAMAGED' } });
    await expect(correctUnit(db, { who: 'M001' }, { lpn: unit.lpn, disposition: 'SELLABLE', channel: 'restock', reason: 'x', timeZone: 'Asia/Shanghai', now: new Date('2026-11-25T06:00:00.000Z') })).rejects.toMatchObject({ code: 'correction_too_late' });
  });

  it('LPNs never repeat', async () => {
    const db = stationDbs.fresh();
    const expected = ExpectedReturnSchema.parse(dressReturn());
    const scan = classifyScan('RMA-2026A0001');
    const parcel = await openParcel(db, clerk, { raw: 'RMA-2026A0001', scan, match: { kind: 'matched', rmaNo: expected.rmaNo, by: 'rma', reasons: [] }, stationId: 'STATION-01' });
    const lpns = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const pending = { id: `scan-${i}`, raw: 'x', scan: classifyScan('6901234567892'), lineId: 'L1', match: 'matched' as const, answers: {} };
      await savePending(db, parcel.id, pending);
      lpns.add((await acceptUnit(db, clerk, { parcel, pending, evaluation: null, grade: 'A', label: (lpn) => ({ kind: 'unit', code: lpn, title: 't', lines: [] }) })).lpn);
    }
    expect(lpns.size).toBe(20);
  });

  it('a parcel nothing matches is received blind, with an exception', async () => {
    const db = stationDbs.fresh();
    const scan = classifyScan('SF9999999999999');
    const match = matchParcelScan({ raw: 'SF9999999999999', scan, candidates: [] });
    if (!match.ok) throw new Error('x');
    const parcel = await openParcel(db, clerk, { raw: 'SF9999999999999', scan, match: match.value, stationId: 'STATION-01' });
    expect(parcel.match).toEqual({ kind: 'blind' });
    const [x] = await db.exceptions.toArray();
    expect(x).toMatchObject({ kind: 'unmatched_parcel', status: 'open', parcelId: parcel.id });
    await resolveException(db, { who: 'M001' }, x!.id, "Customer's own box, RMA found by phone: RMA-2026A0042");
    expect(await db.exceptions.get(x!.id)).toMatchObject({ status: 'resolved', resolvedBy: 'M001', resolution: expect.stringContaining('RMA-2026A0042') });
    await expect(resolveException(db, { who: 'M001' }, x!.id, 'again')).rejects.toMatchObject({ code: 'exception_not_open' });
    expect((await db.outbox.toArray()).map((o) => o.type)).toEqual(['parcel.opened', 'exception.resolved']);
  });
});
