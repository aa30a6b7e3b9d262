import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addWarehouse } from '../../hq/src/admin';
import { buildHq } from '../../hq/src/server';
import { checkAuditChain, verifyAuditChain } from '../../renderer/ledger';
import { startSyncEngine } from '../../renderer/sync/sync-engine';
import { sampleReference } from '../../shared/reference/sample-data';
import { enrolStation, engineApi } from '../helpers/enrolled-station';
import { freshHqDatabase } from '../helpers/hq-database';
import { receiveParcel } from '../helpers/receive-flow';
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
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'audit-retention-'));
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hq?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the station’s audit trail, kept at HQ and pruned at the station', () => {
  it('a station’s events reach HQ whole through its sync engine; once HQ holds them and they are months old, the station lets them go and its chain still checks', async () => {
    const opened = new Date('2026-08-01T06:00:00.000Z');
    const db = stationDbs.fresh();
    const sample = sampleReference(opened);
    await db.expectedReturns.bulkPut(sample.expectedReturns);
    await db.users.bulkPut(sample.users);
    const dress = sample.expectedReturns.find((r) => r.rmaNo === 'RMA-2026A0001')!;
    // Received in August (the station's clock then).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(opened);
    try {
      await receiveParcel(db, dress.rmaNo, [dress], 480, opened);
    } finally {
      vi.useRealTimers();
    }
    const recorded = await db.auditEvents.toArray();
    expect(recorded.length).toBeGreaterThan(2);
    // The station's start-up check has run.
    expect(await checkAuditChain(db)).toBeNull();

    const link = await enrolStation(db, { pool: hq.pool, url }, { warehouseId: 'WH-SH-01', stationId: 'DOCK-R', dataDir });
    // A hundred days later.
    const now = () => new Date(opened.getTime() + 100 * 86_400_000);
    const engine = startSyncEngine(db, engineApi(link), { idleMs: 20, now });
    try {
      const deadline = Date.now() + 15_000;
      while (!(await db.meta.get('auditPrunedThrough')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await engine.stop();
    }
    // HQ holds every event the station recorded, whole and as it hashed them.
    const atHq = (await hq.pool.query("select seq, who, action, hash from audit_events where station_id = 'DOCK-R' order by seq")).rows.map((r) => ({
      seq: Number(r.seq),
      who: r.who,
      action: r.action,
      hash: r.hash,
    }));
    expect(atHq.slice(0, recorded.length)).toEqual(recorded.map((e) => ({ seq: e.seq, who: e.who, action: e.action, hash: e.hash })));
    // The station let go of the old ones HQ holds, all but the last one its checks verified (they start from it).
    const kept = (await db.auditEvents.toCollection().primaryKeys()).map(Number);
    expect(kept[0]).toBe(recorded.length);
    expect(await db.auditEvents.get(1)).toBeUndefined();
    expect(await db.auditEvents.orderBy('seq').last()).toMatchObject({
      who: 'system',
      action: 'audit.pruned',
      after: { from: 1, through: recorded.length - 1 },
    });
    expect(await verifyAuditChain(db)).toBeNull();
    expect(await checkAuditChain(db)).toBeNull();
  });
});
