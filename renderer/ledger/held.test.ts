/**
 * A return lives longer than a parcel and a day: what settles a held parcel, what a day's close waits for,
 * what a manager may still decide next week — through the real ledger.
 */
import { describe, expect, it } from 'vitest';
import { dressReturn, phoneReturn } from '../../test/helpers/returns';
import { NOW, receiveParcel, seed, takeItem } from '../../test/helpers/receive-flow';
import { useStationDbs } from '../../test/helpers/station-db';
import {
  closeDay,
  completeParcel,
  correctUnit,
  currentRefund,
  decideHeldUnit,
  loadStationDay,
  overturnDecision,
  recordHandedToCarrier,
  reopenParcel,
  resolveException,
  verifyAuditChain,
} from './index';

const stationDbs = useStationDbs();
const clerk = { who: 'clerk-7' };
const manager = { who: 'M001' };
const station = { timeZone: 'Asia/Shanghai', stationId: 'STATION-01' };
const at = (iso: string) => new Date(iso);
const DAY1 = NOW; // 2026-11-24 14:00 in Shanghai
const DAY2 = at('2026-11-25T06:00:00.000Z');
const DAY3 = at('2026-11-26T06:00:00.000Z');
const outboxTypes = async (db: ReturnType<typeof stationDbs.fresh>) => (await db.outbox.orderBy('seq').toArray()).map((o) => o.type);

describe('a held parcel closes when the last thing holding it is settled, whoever settles it', () => {
  it('a gift missing from the first parcel arrives the next day in a second one: the first closes, and no later day is held by it', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const first = await receiveParcel(db, 'RMA-2026A0001', [dress!], 430, DAY1);
    await takeItem(db, first.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, DAY1);
    const done = await completeParcel(db, clerk, { parcelId: first.id, now: DAY1 });
    expect(done.parcel.status).toBe('held');
    expect(done.openExceptions.map((x) => x.kind)).toEqual(['gift_missing']);

    // Day 1 closes once its gift exception is carried? No: it is the day's own, so day 1 waits…
    await expect(closeDay(db, manager, { ...station, date: '2026-11-24', now: DAY1 })).rejects.toMatchObject({
      code: 'day_not_ready',
      details: { unfinishedParcels: [first.id] },
    });

    // …and day 2 does not: day 1's held parcel is carried over, with its age.
    const day2 = await loadStationDay(db, { ...station, date: '2026-11-25', now: DAY2 });
    expect(day2.blockers).toEqual({ unfinishedParcels: [], pendingItems: [], openExceptions: [], refundsAwaitingApproval: [], labelJobs: [] });
    expect(day2.carriedOver.parcels).toEqual([{ id: first.id, openedAt: first.openedAt, status: 'held', ageDays: 1 }]);
    expect(day2.carriedOver.exceptions.map((x) => x.kind)).toEqual(['gift_missing']);

    // The scarf comes in a second parcel on day 2: the first parcel's exception is settled, and the first parcel closes with it.
    const second = await receiveParcel(db, 'RMA-2026A0001', [dress!], 60, DAY2);
    await takeItem(db, second.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567908', lineId: 'G1', match: 'matched' }, undefined, DAY2);
    await completeParcel(db, clerk, { parcelId: second.id, now: DAY2 });
    expect((await db.parcels.get(first.id))!.status).toBe('closed');
    expect((await db.parcels.get(first.id))!.settledAt).toBe(DAY2.toISOString());
    const sent = await db.outbox.orderBy('seq').toArray();
    expect(sent.filter((o) => o.type === 'parcel.closed').map((o) => o.payload)).toEqual([{ id: first.id, at: DAY2.toISOString(), by: clerk.who }]);
    const closed = await closeDay(db, manager, { ...station, date: '2026-11-25', now: DAY2 });
    expect(closed.summary).toMatchObject({ carriedOver: { parcels: [] } });
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('an earlier day’s held parcel is finished by a manager on any later day: resolving its exception closes it', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!], 430, DAY1);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, DAY1);
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: DAY1 });
    // Two days later the day closes all the same: the held parcel is carried over, not holding it.
    await closeDay(db, manager, { ...station, date: '2026-11-26', now: DAY3 });
    const later = at('2026-11-27T06:00:00.000Z');
    await expect(reopenParcel(db, manager, { parcelId: parcel.id, reason: 'x', timeZone: station.timeZone, now: later })).rejects.toMatchObject({
      code: 'reopen_too_late',
    });
    await resolveException(db, manager, done.openExceptions[0]!.id, 'customer keeps the scarf: deducted', later);
    expect((await db.parcels.get(parcel.id))!.status).toBe('closed');
    expect((await outboxTypes(db)).slice(-2)).toEqual(['exception.resolved', 'parcel.closed']);
  });
});

describe('a manager decides later (可酌情处理), recorded when it is decided', () => {
  it('a unit rejected as late is accepted after all, a week later: a new decision dated then, the refund decided again, its exception settled', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ createdAt: '2026-12-10T03:00:00.000Z', lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!], 430, DAY1);
    const unit = await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, DAY1);
    expect(unit.acceptance).toBe('rejected');
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: DAY1 });
    expect(done.parcel.status).toBe('held');
    expect((await currentRefund(db, dress!.rmaNo))!.recommendation.totalMinor).toBe(0);
    await expect(
      decideHeldUnit(db, manager, { lpn: unit.lpn, acceptance: 'accepted', disposition: 'SELLABLE', channel: 'restock', reason: 'loyal customer', now: DAY3 }),
    ).rejects.toMatchObject({ code: 'unit_not_held' });
    // A same-day correction is for the day itself; a week later it is a manager's new decision.
    const week = at('2026-12-01T06:00:00.000Z');
    await expect(
      correctUnit(db, manager, { lpn: unit.lpn, disposition: 'SELLABLE', channel: 'restock', reason: 'x', timeZone: station.timeZone, now: week }),
    ).rejects.toMatchObject({ code: 'correction_too_late' });
    await expect(
      overturnDecision(db, manager, { lpn: unit.lpn, acceptance: 'accepted', disposition: 'SELLABLE', channel: 'restock', reason: '', now: week }),
    ).rejects.toMatchObject({ code: 'reason_required' });
    await expect(
      overturnDecision(db, clerk, { lpn: unit.lpn, acceptance: 'accepted', disposition: 'SELLABLE', channel: 'restock', reason: 'loyal customer', now: week }),
    ).rejects.toMatchObject({ code: 'manager_required' });
    const decided = await overturnDecision(db, manager, {
      lpn: unit.lpn,
      acceptance: 'accepted',
      disposition: 'SELLABLE',
      channel: 'restock',
      reason: '可酌情处理: loyal customer, 2 days late',
      now: week,
    });
    expect(decided.managerDecisions).toEqual([
      expect.objectContaining({
        at: week.toISOString(),
        by: 'M001',
        overturned: true,
        before: expect.objectContaining({ acceptance: 'rejected' }),
        after: { acceptance: 'accepted', disposition: 'SELLABLE', channel: 'restock' },
      }),
    ]);
    const refund = (await currentRefund(db, dress!.rmaNo))!;
    // ¥399.00 less the seller-paid postage the customer owes for a change of mind.
    expect(refund).toMatchObject({ cause: 'correction', decidedAt: week.toISOString(), deltaMinor: 38700 });
    expect((await db.parcels.get(parcel.id))!.status).toBe('closed');
    // The day the unit came in is not edited: the unit's first decision stays as it was recorded.
    expect((await db.auditEvents.toArray()).filter((e) => e.entityId === unit.lpn).map((e) => [e.action, e.at])).toEqual([
      ['unit.accept', DAY1.toISOString()],
      ['unit.overturn', week.toISOString()],
    ]);
  });

  it('a held unit decided as its label already shows prints no new label; one routed elsewhere does', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ deliveredAt: undefined, lines: [{ ...dressReturn().lines[0]!, qty: 2 }] }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!], 430, DAY1);
    const label = (lpn: string) => ({ kind: 'unit' as const, code: lpn, title: 'x', lines: [] });
    const first = await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, 'printer-1', DAY1);
    const second = await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, 'printer-1', DAY1);
    expect([first.acceptance, first.channel]).toEqual(['manual_intervention_required', 'restock']);
    const jobs = await db.printJobs.count();
    await decideHeldUnit(db, manager, {
      lpn: first.lpn,
      acceptance: 'accepted',
      disposition: first.disposition!,
      channel: first.channel!,
      reason: 'delivered, the carrier confirms',
      label,
      now: DAY1,
    });
    expect(await db.printJobs.count()).toBe(jobs);
    expect((await db.auditEvents.orderBy('seq').last())!.after).toMatchObject({ relabelled: false });
    await decideHeldUnit(db, manager, {
      lpn: second.lpn,
      acceptance: 'accepted',
      disposition: 'DAMAGED',
      channel: 'refurbish',
      reason: 'a seam is open',
      label,
      now: DAY1,
    });
    expect(await db.printJobs.count()).toBe(jobs + 1);
  });
});

describe('money due from its own receipt', () => {
  it('a return in two parcels: what the second adds is due two business days from the second, not from the first', async () => {
    const db = stationDbs.fresh();
    const [phones] = await seed(db, phoneReturn({ lines: [{ ...phoneReturn().lines[0]! }] }));
    const first = await receiveParcel(db, 'RMA-2026B0002', [phones!], 400, DAY1);
    await takeItem(db, first.id, phones!, { rmaNo: phones!.rmaNo, raw: ']d2010690123456791521SN-A1', lineId: 'P1', match: 'matched' }, undefined, DAY1);
    const one = await completeParcel(db, clerk, { parcelId: first.id, now: DAY1 });
    expect(one.decisions[0]!.dueOn).toBe('2026-11-26');
    const monday = at('2026-11-30T02:00:00.000Z');
    const second = await receiveParcel(db, 'RMA-2026B0002', [phones!], 400, monday);
    await takeItem(db, second.id, phones!, { rmaNo: phones!.rmaNo, raw: ']d2010690123456791521SN-A2', lineId: 'P1', match: 'matched' }, undefined, monday);
    const two = await completeParcel(db, clerk, { parcelId: second.id, now: monday });
    expect(two.decisions[0]!).toMatchObject({ dueOn: '2026-12-02' });
    expect(two.decisions[0]!.deltaMinor).toBeGreaterThan(0);
    // On the day it arrived, what it adds is not overdue.
    const day = await loadStationDay(db, { ...station, date: '2026-11-30', now: monday });
    expect(day.report.refunds.find((r) => r.rmaNo === phones!.rmaNo)).toMatchObject({ due: '2026-12-02', urgency: 'later' });
    expect((await db.outbox.toArray()).filter((o) => o.type === 'refund.decided').map((o) => (o.payload as { dueOn: string }).dueOn)).toEqual([
      '2026-11-26',
      '2026-12-02',
    ]);
  });
});

describe('the window counts to the hand-over to the carrier', () => {
  it('a return asked for late but handed to the carrier in time, as its receipt shows, is within its window', async () => {
    const db = stationDbs.fresh();
    const late = dressReturn({ deliveredAt: '2026-11-10T02:00:00.000Z', createdAt: '2026-11-21T03:00:00.000Z', lines: [dressReturn().lines[0]!] });
    const [asked] = await seed(db, late);
    const first = await receiveParcel(db, 'RMA-2026A0001', [asked!], 430, DAY1);
    expect(
      (await takeItem(db, first.id, asked!, { rmaNo: asked!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, DAY1)).acceptance,
    ).toBe('rejected');

    const db2 = stationDbs.fresh();
    const [again] = await seed(db2, late);
    const parcel = await receiveParcel(db2, 'RMA-2026A0001', [again!], 430, DAY1);
    await expect(recordHandedToCarrier(db2, clerk, { parcelId: parcel.id, at: '2026-12-30T00:00:00.000Z', now: DAY1 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await recordHandedToCarrier(db2, clerk, { parcelId: parcel.id, at: '2026-11-15T08:00:00.000Z', now: DAY1 });
    expect(
      (await takeItem(db2, parcel.id, again!, { rmaNo: again!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, DAY1)).acceptance,
    ).toBe('accepted');
    expect((await db2.outbox.toArray()).find((o) => o.type === 'parcel.handedToCarrier')!.payload).toEqual({
      id: parcel.id,
      at: '2026-11-15T08:00:00.000Z',
      by: clerk.who,
    });
  });
});

describe('what the day says has not reached HQ', () => {
  it('is the oldest record HQ has not acknowledged — one source with the status bar — not a row kept after HQ had it', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!], 430, DAY1);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, DAY1);
    const later = at('2026-11-24T07:00:00.000Z');
    const before = await loadStationDay(db, { ...station, date: '2026-11-24', now: later });
    expect(before.report.oldestUnsentMinutes).toBeGreaterThan(0);
    // HQ acknowledged everything: the rows stay a week for support, but nothing is waiting.
    const last = (await db.outbox.orderBy('seq').last())!.seq;
    await db.meta.put({ key: 'ackSeq', value: last });
    const after = await loadStationDay(db, { ...station, date: '2026-11-24', now: later });
    expect(after.report.oldestUnsentMinutes).toBeNull();
  });
});
