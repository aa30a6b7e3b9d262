import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Papa from 'papaparse';
import { liveQuery } from 'dexie';
import { dayCsvRows, toCsv, DAY_CSV_COLUMNS } from '../../shared/reports/day-csv';
import { OUTBOX_TYPES } from '../../shared/sync/outbox-types';
import { dressReturn } from '../../test/helpers/returns';
import { NOW, receiveParcel, seed, takeItem } from '../../test/helpers/receive-flow';
import { useStationDbs } from '../../test/helpers/station-db';
import {
  checkAuditChain,
  closeContainer,
  closeDay,
  completeParcel,
  decideHeldUnit,
  loadStationDay,
  openContainer,
  openParcel,
  putInContainer,
  reopenDay,
  resolveException,
  verifyAuditChain,
  sweepAuditChain,
  voidParcel,
} from './index';
import { classifyScan } from '../../shared/barcode/classify';

const stationDbs = useStationDbs();
const clerk = { who: 'clerk-7' };
const manager = { who: 'M001' };
const day = { date: '2026-11-24', timeZone: 'Asia/Shanghai', stationId: 'STATION-01' };

// The day lock compares each action's time with the closed span: pin the clock (Date only, so IndexedDB's timers still run).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('closing a station day', () => {
  it('refuses while a parcel is open, listing it; closes after; locks the day; a reopen with a reason unlocks it; all audited and sent to HQ', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 455);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });

    const refused = await closeDay(db, manager, { ...day, now: NOW }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'day_not_ready', details: { unfinishedParcels: [parcel.id] } });

    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    const loaded = await loadStationDay(db, { ...day, now: NOW });
    expect(loaded.report.units.total).toBe(1);
    expect(loaded.report.refundTotals).toEqual([{ currency: 'CNY', count: 1, totalMinor: 38700, dayDeltaMinor: 38700, needsManager: 0 }]);
    // Received on Tuesday 24 Nov (Shanghai): two business days later.
    expect(loaded.report.refunds[0]).toMatchObject({ rmaNo: dress!.rmaNo, due: '2026-11-26', urgency: 'later' });

    const closed = await closeDay(db, manager, { ...day, now: NOW });
    expect(closed.summary).toMatchObject({
      counts: { parcels: 1, units: 1 },
      refundTotals: [{ currency: 'CNY', totalMinor: 38700 }],
      by: 'M001',
      auditChain: { verified: true },
    });
    const out = (await db.outbox.toArray()).at(-1)!;
    expect(out.type).toBe('day.closed');
    expect(OUTBOX_TYPES['day.closed'].schema.safeParse(out.payload).success).toBe(true);
    const head = (await db.auditEvents.orderBy('seq').toArray()).at(-2)!;
    expect((out.payload as { auditHead: { hash: string } }).auditHead.hash).toBe(head.hash);

    await expect(closeDay(db, manager, { ...day, now: NOW })).rejects.toMatchObject({ code: 'day_already_closed' });
    const scan = classifyScan('SF9999999999999');
    await expect(
      openParcel(db, clerk, { raw: 'SF9999999999999', scan, match: { kind: 'blind', reasons: [] }, stationId: 'STATION-01', now: NOW }),
    ).rejects.toMatchObject({ code: 'day_closed' });
    expect(await db.parcels.count()).toBe(1);

    await expect(reopenDay(db, manager, { ...day, reason: '', now: NOW })).rejects.toMatchObject({ code: 'reason_required' });
    await reopenDay(db, manager, { ...day, reason: 'late truck arrived', now: NOW });
    await openParcel(db, clerk, { raw: 'SF9999999999999', scan, match: { kind: 'blind', reasons: [] }, stationId: 'STATION-01', now: NOW });
    expect((await db.auditEvents.toArray()).map((e) => e.action).filter((a) => a.startsWith('day.'))).toEqual(['day.close', 'day.reopen']);
    expect(await verifyAuditChain(db)).toBeNull();

    // Closed again, the lock covers its Shanghai day only: 01:00 on the 25th there is open for work.
    const blind = (await db.parcels.where('status').equals('open').first())!;
    await voidParcel(db, manager, { parcelId: blind.id, reason: 'opened by mistake', now: NOW });
    await closeDay(db, manager, { ...day, now: NOW });
    vi.setSystemTime(new Date('2026-11-24T15:59:59.000Z'));
    await expect(openParcel(db, clerk, { raw: 'SF9999999999999', scan, match: { kind: 'blind', reasons: [] }, stationId: 'STATION-01' })).rejects.toMatchObject(
      { code: 'day_closed' },
    );
    vi.setSystemTime(new Date('2026-11-24T17:00:00.000Z'));
    await openParcel(db, clerk, { raw: 'SF9999999999999', scan, match: { kind: 'blind', reasons: [] }, stationId: 'STATION-01' });
  });

  it('a unit left to a manager holds the day until the manager decides it; the refund is decided again', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 455);
    // Used and tags cut on a no-reason return: not resellable, so a manager decides.
    const unit = await takeItem(db, parcel.id, dress!, {
      rmaNo: dress!.rmaNo,
      raw: '6901234567892',
      lineId: 'L1',
      match: 'matched',
      answers: { tags_attached: 'no', packaging_intact: 'yes', no_signs_of_use: 'no', no_damage: 'yes', complete: 'yes', works_as_described: 'yes' },
    });
    expect(unit.acceptance).toBe('manual_intervention_required');
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    for (const x of await db.exceptions.where('status').equals('open').toArray()) await resolveException(db, manager, x.id, 'seen', NOW);
    const before = await loadStationDay(db, { ...day, now: NOW });
    expect(before.blockers.refundsAwaitingApproval).toEqual([dress!.rmaNo]);
    await expect(closeDay(db, manager, { ...day, now: NOW })).rejects.toMatchObject({ code: 'day_not_ready' });

    await decideHeldUnit(db, manager, {
      lpn: unit.lpn,
      acceptance: 'rejected',
      disposition: 'CUSTOMER_DAMAGED',
      channel: 'liquidate',
      reason: 'tags cut, worn',
    });
    const after = await loadStationDay(db, { ...day, now: NOW });
    expect(after.blockers.refundsAwaitingApproval).toEqual([]);
    expect(after.report.refunds[0]).toMatchObject({ status: 'ready' });
    await expect(
      decideHeldUnit(db, manager, { lpn: unit.lpn, acceptance: 'accepted', disposition: 'SELLABLE', channel: 'restock', reason: 'again' }),
    ).rejects.toMatchObject({ code: 'unit_not_held' });
    await closeDay(db, manager, { ...day, now: NOW });
  });

  it('the CSV has one row per unit with the domain columns, a BOM, Chinese intact, and refund shares that add up to the refund', async () => {
    const db = stationDbs.fresh();
    const base = dressReturn();
    const [dress] = await seed(db, dressReturn({ customerComment: '用后过敏, "=SUM(A1)"', lines: [{ ...base.lines[0]!, qty: 2, name: '连衣裙 真丝' }] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 900);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    const loaded = await loadStationDay(db, { ...day, now: NOW });
    const csv = toCsv(dayCsvRows(loaded.csv));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...DAY_CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0]).toMatchObject({
      'product-name': '连衣裙 真丝',
      rma: dress!.rmaNo,
      currency: 'CNY',
      'weight-g': '900',
      grade: 'A',
      disposition: 'SELLABLE',
      'return-date': '2026-11-24',
    });
    // A comment that would run as a spreadsheet formula is kept as text.
    expect(parsed.data[0]!['customer-comments']).toBe('用后过敏, "=SUM(A1)"');
    const total = done.decisions[0]!.recommendation.totalMinor;
    const sum = parsed.data.reduce((n, r) => n + Math.round(Number(r['refund-amount']) * 100), 0);
    expect(sum).toBe(total);
  });

  it('the packing bench never holds a close: units awaiting a container and open containers are listed in it, the day’s manifests and each unit’s container are in its exports', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ lines: [{ ...dressReturn().lines[0]!, qty: 3 }] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 1300);
    const item = { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' as const };
    const [a, b, c] = [await takeItem(db, parcel.id, dress!, item), await takeItem(db, parcel.id, dress!, item), await takeItem(db, parcel.id, dress!, item)];
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    const label = (code: string) => ({ kind: 'container' as const, code, title: 'tote', lines: [] });
    const closedTote = await openContainer(db, clerk, { route: 'restock', label, now: NOW });
    const openTote = await openContainer(db, clerk, { route: 'restock', label, now: NOW });
    await putInContainer(db, clerk, { lpn: a.lpn, containerId: closedTote.id, now: NOW });
    await putInContainer(db, clerk, { lpn: b.lpn, containerId: openTote.id, now: NOW });
    await closeContainer(db, clerk, { containerId: closedTote.id, weight: { grams: 480, source: 'scale' }, manifest: (c) => label(c.id), now: NOW });

    const loaded = await loadStationDay(db, { ...day, now: NOW });
    expect(loaded.bench.awaiting.map((u) => u.lpn)).toEqual([c.lpn]);
    expect(loaded.bench.openContainers).toEqual([expect.objectContaining({ id: openTote.id, route: 'restock', count: 1, ageDays: 0 })]);
    expect(loaded.manifests).toEqual([expect.objectContaining({ id: closedTote.id, route: 'restock', weightGrams: 480, lpns: [a.lpn] })]);
    const rows = dayCsvRows(loaded.csv);
    expect(Object.fromEntries(rows.map((r) => [r.lpn, r.container]))).toEqual({ [a.lpn]: closedTote.id, [b.lpn]: openTote.id, [c.lpn]: '' });

    const closed = await closeDay(db, manager, { ...day, now: NOW });
    expect(closed.summary).toMatchObject({
      bench: { unitsAwaitingContainer: 1, openContainers: [{ id: openTote.id, route: 'restock', units: 1, ageDays: 0 }] },
    });
  });

  it("the day's figures follow the records live: a close shows at once on an open Reconcile page (everything is read before anything is computed)", async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 455);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    const seen: string[] = [];
    const sub = liveQuery(() => loadStationDay(db, { ...day, now: NOW })).subscribe({
      next: (d) => seen.push(d.state?.kind ?? 'open'),
      error: (e: unknown) => seen.push(`error ${String(e)}`),
    });
    await vi.waitFor(() => expect(seen).toEqual(['open']));
    await closeDay(db, manager, { ...day, now: NOW });
    await vi.waitFor(() => expect(seen).toEqual(['open', 'closed']));
    sub.unsubscribe();
  });
});

describe('the audit chain at day close', () => {
  it('a chain changed behind the station’s back is signed as such in the close (and sent to HQ)', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 455);
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW }).catch(() => undefined);
    await voidParcel(db, manager, { parcelId: parcel.id, reason: 'stray scan' }).catch(() => undefined);
    const second = (await db.auditEvents.get(2))!;
    await db.auditEvents.put({ ...second, who: 'intruder' });
    const closed = await closeDay(db, manager, { ...day, now: NOW }).catch((e: unknown) => e);
    expect(closed).toMatchObject({ summary: { auditChain: { verified: false, brokenAt: 2 } } });
  });

  it('a break the start-up check found before the verified mark is still signed, though the close reads only after it', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 455);
    await voidParcel(db, manager, { parcelId: parcel.id, reason: 'stray scan' });
    expect(await checkAuditChain(db)).toBeNull();
    const second = (await db.auditEvents.get(2))!;
    await db.auditEvents.put({ ...second, who: 'intruder' });
    // The next start's sweep re-reads the verified part and finds it; the close signs it.
    expect(await sweepAuditChain(db)).toMatchObject({ seq: 2 });
    const closed = await closeDay(db, manager, { ...day, now: NOW });
    expect(closed.summary).toMatchObject({ auditChain: { verified: false, brokenAt: 2 } });
  });
});
