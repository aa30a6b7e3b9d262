/**
 * A person at HQ resolves an exception a station raised (a gift missing, sorted out with the customer): the
 * station that raised it pulls the resolution, settles the exception, closes the parcel it held and tells HQ
 * back — through a real HQ over HTTP, the station's HQ link and its sync engine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWarehouse, resolveException, settleRefundConflict } from '../../hq/src/admin';
import { buildHq } from '../../hq/src/server';
import { completeParcel, loadStationDay, syncCursor, verifyAuditChain } from '../../renderer/ledger';
import { startSyncEngine } from '../../renderer/sync/sync-engine';
import type { StationDb } from '../../renderer/db/station-db';
import { enrolStation, engineApi } from '../helpers/enrolled-station';
import { freshHqDatabase } from '../helpers/hq-database';
import { dressReturn } from '../helpers/returns';
import { receiveParcel, seed, takeItem } from '../helpers/receive-flow';
import { useStationDbs } from '../helpers/station-db';

const stationDbs = useStationDbs();
let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let app: FastifyInstance;
let url: string;
let dataDir: string;

beforeAll(async () => {
  hq = await freshHqDatabase();
  app = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 1000 } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  await addWarehouse(hq.pool, 'WH-SH-01', 'Shanghai');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hq-resolves-'));
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hq?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function until(what: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function enrolledStation(stationId: string, dir: string) {
  const db = stationDbs.fresh();
  const link = await enrolStation(db, { pool: hq.pool, url }, { warehouseId: 'WH-SH-01', stationId, dataDir: dir });
  const engine = startSyncEngine(db, engineApi(link), { idleMs: 20 });
  return { db, engine };
}

const pushed = (db: StationDb) => async () => {
  const { ackSeq, lastSeq } = await syncCursor(db);
  return lastSeq > 0 && ackSeq === lastSeq;
};

describe('an exception resolved at HQ', () => {
  it('is settled at the station that raised it: its held parcel closes, HQ hears back once, and another station of the warehouse is untouched', async () => {
    const now = new Date();
    const dock = await enrolledStation('DOCK-A', path.join(dataDir, 'a'));
    const other = await enrolledStation('DOCK-B', path.join(dataDir, 'b'));
    try {
      const [dress] = await seed(dock.db, dressReturn());
      const parcel = await receiveParcel(dock.db, 'RMA-2026A0001', [dress!], 430, now);
      await takeItem(dock.db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, now);
      const done = await completeParcel(dock.db, { who: 'clerk-7' }, { parcelId: parcel.id, now });
      expect(done.parcel.status).toBe('held');
      const gift = done.openExceptions[0]!;
      expect(gift.kind).toBe('gift_missing');
      await until(pushed(dock.db));
      expect((await hq.pool.query('select status from exceptions where exception_id = $1', [gift.id])).rows).toEqual([{ status: 'open' }]);

      // Someone at HQ settles it with the customer; a second try is refused (it is resolved once).
      await resolveException(hq.pool, 'WH-SH-01', gift.id, { by: 'hq-lin', resolution: 'customer keeps the scarf; ¥20 deducted' });
      await expect(resolveException(hq.pool, 'WH-SH-01', gift.id, { by: 'hq-lin', resolution: 'again' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(resolveException(hq.pool, 'WH-SH-01', 'EXC-NOPE', { by: 'hq-lin', resolution: 'x' })).rejects.toMatchObject({ code: 'not_found' });

      await until(async () => (await dock.db.parcels.get(parcel.id))?.status === 'closed');
      const settled = (await dock.db.exceptions.get(gift.id))!;
      expect(settled).toMatchObject({ status: 'resolved', resolvedBy: 'hq:hq-lin', resolution: 'at HQ: customer keeps the scarf; ¥20 deducted' });
      await until(pushed(dock.db));
      // HQ hears back once: the exception resolved as the station recorded it, the parcel closed.
      const types = (await dock.db.outbox.orderBy('seq').toArray()).map((o) => o.type);
      expect(types.filter((t) => t === 'exception.resolved')).toHaveLength(1);
      expect(types.filter((t) => t === 'parcel.closed')).toHaveLength(1);
      expect((await hq.pool.query('select status, resolved_by from exceptions where exception_id = $1', [gift.id])).rows).toEqual([
        { status: 'resolved', resolved_by: 'hq:hq-lin' },
      ]);
      expect((await hq.pool.query('select status from parcels where parcel_id = $1', [parcel.id])).rows).toEqual([{ status: 'closed' }]);
      expect(await dock.db.auditEvents.filter((e) => e.action === 'exception.resolveAtHq').count()).toBe(1);
      expect(await verifyAuditChain(dock.db)).toBeNull();

      // The other station pulled the same row and let it be: no audit, no outbox.
      await until(async () => !!(await other.db.hqResolutions.get(gift.id)));
      await until(async () => (await other.db.hqResolutions.where('pending').equals(1).count()) === 0);
      expect(await other.db.outbox.count()).toBe(0);
      expect(await other.db.auditEvents.filter((e) => e.action.startsWith('exception.')).count()).toBe(0);
    } finally {
      await dock.engine.stop();
      await other.engine.stop();
    }
  });
});

describe('a return refunded at two stations, settled at HQ', () => {
  it('the station whose refund HQ denied marks its decision so, and its Reconcile no longer counts it as its to pay; the other is untouched', async () => {
    const now = new Date();
    const first = await enrolledStation('DOCK-C', path.join(dataDir, 'c'));
    const second = await enrolledStation('DOCK-D', path.join(dataDir, 'd'));
    try {
      const ret = dressReturn({ rmaNo: 'RMA-2026T0009', lines: [dressReturn().lines[0]!] });
      const decided: Record<string, string> = {};
      for (const s of [first, second]) {
        const [dress] = await seed(s.db, ret);
        const parcel = await receiveParcel(s.db, ret.rmaNo, [dress!], 430, now);
        await takeItem(s.db, parcel.id, dress!, { rmaNo: ret.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, now);
        const done = await completeParcel(s.db, { who: 'clerk-7' }, { parcelId: parcel.id, now });
        decided[s === first ? 'first' : 'second'] = done.decisions[0]!.id;
        await until(pushed(s.db));
      }
      expect((await hq.pool.query('select hq_status from refund_decisions where decision_id = $1', [decided.second])).rows).toEqual([{ hq_status: 'on_hold' }]);

      await settleRefundConflict(hq.pool, 'WH-SH-01', ret.rmaNo, { decision: 'deny', by: 'fin-wu', reason: 'the same dress scanned at both docks' });
      await until(async () => (await second.db.refundDecisions.get(decided.second!))?.hq !== undefined);
      expect((await second.db.refundDecisions.get(decided.second!))!.hq).toMatchObject({ status: 'denied', by: 'fin-wu' });
      expect(await second.db.auditEvents.filter((e) => e.action === 'refund.settledAtHq').count()).toBe(1);
      expect(await verifyAuditChain(second.db)).toBeNull();
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
      const day = await loadStationDay(second.db, { date, timeZone: 'Asia/Shanghai', stationId: 'DOCK-D', now });
      expect(day.report.refunds).toEqual([expect.objectContaining({ rmaNo: ret.rmaNo, status: 'denied_at_hq' })]);
      expect(day.report.refundTotals).toEqual([expect.objectContaining({ currency: 'CNY', count: 0, totalMinor: 0, dayDeltaMinor: 0 })]);

      // The first station's refund stands: its pulled copy of the settlement names none of its decisions.
      await until(async () => (await first.db.hqResolutions.where('pending').equals(1).count()) === 0);
      expect((await first.db.refundDecisions.get(decided.first!))!.hq).toBeUndefined();
    } finally {
      await first.engine.stop();
      await second.engine.stop();
    }
  });
});
