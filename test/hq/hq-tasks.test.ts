/**
 * Work a station hands to HQ — a carrier claim, a virtual gift to reverse, recycling points — reaches HQ
 * from the real ledger, is reported, moved on along its flow by a person at HQ, and each step is queued for
 * the customer's webhook; the evidence pack lists the claim's photos.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addWarehouse, advanceTask, issueEnrolmentCode, issueReportKey } from '../../hq/src/admin';
import { buildHq } from '../../hq/src/server';
import { addPhoto, auditEventsAfter, completeParcel, installId, recordCondition, recordRecycling } from '../../renderer/ledger';
import { freshHqDatabase } from '../helpers/hq-database';
import { NOW, receiveParcel, seed, takeItem } from '../helpers/receive-flow';
import { apparelAnswers, dressReturn } from '../helpers/returns';
import { useStationDbs } from '../helpers/station-db';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let app: FastifyInstance;
const stationDbs = useStationDbs();
beforeAll(async () => {
  hq = await freshHqDatabase();
  app = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 1000 } });
  await addWarehouse(hq.pool, 'WH-SH-01', 'Shanghai');
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hq?.drop();
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('HQ tasks from a station', () => {
  it('a carrier claim and a recycled gift reach HQ, are reported, move on only along their flow, and tell the customer', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ reason: 'damaged_in_transit', lines: [dressReturn().lines[0]!] }));
    const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 480);
    await recordCondition(db, { who: 'C001' }, parcel.id, 'crushed');
    const photo = await addPhoto(
      db,
      { who: 'C001' },
      { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff, 1])]) },
    );
    const unit = await takeItem(
      db,
      parcel.id,
      dress!,
      { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched', answers: apparelAnswers(['no_damage']) },
      undefined,
      NOW,
      { photoWaiver: { by: 'M001', reason: 'the box photo will do' } },
    );
    await completeParcel(db, { who: 'C001' }, { parcelId: parcel.id, now: NOW });
    const recycled = await recordRecycling(db, { who: 'C001' }, { parcelId: parcel.id, photo, description: 'old scarf in the recycling bag', now: NOW });

    const code = await issueEnrolmentCode(hq.pool, 'WH-SH-01', 'STATION-01');
    const install = await installId(db);
    const { token } = (
      await app.inject({ method: 'POST', url: '/v1/enrol', payload: { warehouseId: 'WH-SH-01', stationId: 'STATION-01', code, installId: install } })
    ).json() as { token: string };
    const items = (await db.outbox.orderBy('seq').toArray()).map(({ seq, type, v, payload, createdAt }) => ({ seq, type, v: v ?? 1, payload, createdAt }));
    const pushed = await app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: `Bearer ${token}` },
      payload: { installId: install, items, audit: await auditEventsAfter(db, 0, 2000, 1_000_000) },
    });
    expect(pushed.json()).toMatchObject({ ackSeq: items.length, rejected: [] });

    const key = await issueReportKey(hq.pool, 'claims desk');
    const read = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    const claims = (await read('/v1/reports/tasks?kind=carrier_claim&status=open')).json() as {
      rows: { task_id: string; amount_minor: number; photos: { sha256: string }[]; payload: { carrier: string; parcelWeightGrams: number } }[];
    };
    expect(claims.rows).toEqual([
      expect.objectContaining({
        amount_minor: 39900,
        photos: [expect.objectContaining({ sha256: photo })],
        payload: expect.objectContaining({ carrier: 'sf', parcelWeightGrams: 480 }),
      }),
    ]);
    const claimId = claims.rows[0]!.task_id;
    const pack = (await read(`/v1/reports/evidence/${unit.lpn}`)).json() as { tasks: { kind: string }[]; photos: { sha256: string }[] };
    expect(pack.tasks.map((t) => t.kind).sort()).toEqual(['carrier_claim', 'recycling_points']);
    expect(pack.photos.map((p) => p.sha256)).toContain(photo);

    await expect(advanceTask(hq.pool, 'WH-SH-01', claimId, { status: 'paid', by: 'claims-1' })).rejects.toMatchObject({ code: 'conflict' });
    await advanceTask(hq.pool, 'WH-SH-01', claimId, { status: 'submitted', by: 'claims-1', note: 'SF claim no. 88812' });
    await advanceTask(hq.pool, 'WH-SH-01', claimId, { status: 'paid', by: 'claims-1' });
    await advanceTask(hq.pool, 'WH-SH-01', recycled.id, { status: 'awarded', by: 'cs-2', points: 200 });
    const steps = (await hq.pool.query('select step from return_events where rma_no = $1 order by id', [dress!.rmaNo])).rows.map((r) => r.step);
    expect(steps).toEqual(
      expect.arrayContaining(['claim_opened', 'recycling_recorded', 'carrier_claim_submitted', 'carrier_claim_paid', 'recycling_points_awarded']),
    );
    const after = (await read('/v1/reports/tasks')).json() as { rows: { kind: string; status: string; points: number | null }[] };
    expect(after.rows.map((r) => [r.kind, r.status, r.points]).sort()).toEqual([
      ['carrier_claim', 'paid', null],
      ['recycling_points', 'awarded', 200],
    ]);
  });
});
