import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addWarehouse, issueEnrolmentCode, issueReportKey, loadSalesCounts, upsertReference } from '../../hq/src/admin';
import { buildHq } from '../../hq/src/server';
import { deliverReturnEvents, queueOverdueRefunds, signBody } from '../../hq/src/webhook';
import { auditEventsAfter, closeDay, completeParcel, installId as installIdOf, loadStationDay } from '../../renderer/ledger';
import { dayCsvRows, toCsv } from '../../shared/reports/day-csv';
import { sampleReference } from '../../shared/reference/sample-data';
import { freshHqDatabase } from '../helpers/hq-database';
import { NOW, receiveParcel, takeItem } from '../helpers/receive-flow';
import { useStationDbs } from '../helpers/station-db';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let app: FastifyInstance;
const sample = sampleReference(NOW);
const stationDbs = useStationDbs();
const day = { date: '2026-11-24', timeZone: 'Asia/Shanghai', stationId: 'STATION-01' };

beforeAll(async () => {
  hq = await freshHqDatabase();
  app = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 1000 } });
  await addWarehouse(hq.pool, 'WH-SH-01', 'Shanghai');
  await addWarehouse(hq.pool, 'WH-NJ-01', 'Nanjing');
  await upsertReference(hq.pool, 'WH-SH-01', [
    ...sample.expectedReturns.map((r) => ({ kind: 'expectedReturn', key: r.rmaNo, body: r })),
    ...sample.catalog.map((c) => ({ kind: 'catalog', key: c.gtin, body: c })),
    ...sample.users.map((u) => ({ kind: 'user', key: u.id, body: u })),
  ]);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hq?.drop();
});

const get = (url: string, key?: string) => app.inject({ method: 'GET', url, ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}) });

describe('HQ reports over what a real station sent', () => {
  it('the returns CSV at HQ is the station’s CSV; evidence pack, timeline, intake and refunds; keys are scoped', async () => {
    // A station day through the real ledger: a dress and its gift, completed, the day closed.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const db = stationDbs.fresh();
    await db.expectedReturns.bulkPut(sample.expectedReturns);
    await db.users.bulkPut(sample.users);
    await db.catalog.bulkPut(sample.catalog);
    const dress = sample.expectedReturns.find((r) => r.rmaNo === 'RMA-2026A0001')!;
    const clerk = { who: 'C001' };
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress], 480);
    const dressUnit = await takeItem(db, parcel.id, dress, { rmaNo: dress.rmaNo, raw: dress.lines[0]!.gtin!.slice(1), lineId: 'L1', match: 'matched' });
    await takeItem(db, parcel.id, dress, { rmaNo: dress.rmaNo, raw: dress.lines[1]!.gtin!.slice(1), lineId: 'G1', match: 'matched' });
    await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    await closeDay(db, { who: 'M001' }, { ...day, now: NOW });
    const stationCsv = toCsv(dayCsvRows((await loadStationDay(db, { ...day, now: NOW })).csv));
    vi.useRealTimers();

    // Everything it recorded reaches HQ.
    const code = await issueEnrolmentCode(hq.pool, 'WH-SH-01', 'STATION-01');
    const installId = await installIdOf(db);
    const { token } = (
      await app.inject({ method: 'POST', url: '/v1/enrol', payload: { warehouseId: 'WH-SH-01', stationId: 'STATION-01', code, installId } })
    ).json() as { token: string };
    const items = (await db.outbox.orderBy('seq').toArray()).map(({ seq, type, v, payload, createdAt }) => ({ seq, type, v: v ?? 1, payload, createdAt }));
    const audit = await auditEventsAfter(db, 0, 2000, 1_000_000);
    const pushed = await app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: `Bearer ${token}` },
      payload: { installId, items, audit },
    });
    expect(pushed.json()).toMatchObject({ ackSeq: items.length, rejected: [] });

    const key = await issueReportKey(hq.pool, 'finance');
    const q = 'from=2026-11-24&to=2026-11-24&tz=Asia/Shanghai&warehouse=WH-SH-01';
    const csv = await get(`/v1/reports/returns.csv?${q}`, key);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const parse = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(parse(csv.body)).toEqual(parse(stationCsv));
    expect(parse(csv.body).map((r) => r['product-name'])).toEqual(['真丝连衣裙 红色 M', '赠品 真丝丝巾']);

    expect((await get(`/v1/reports/intake?${q}`, key)).json()).toEqual({
      rows: [{ day: '2026-11-24', warehouse_id: 'WH-SH-01', station_id: 'STATION-01', parcels: 1, units: 2 }],
    });
    expect((await get(`/v1/reports/refunds?${q}`, key)).json()).toEqual({
      rows: [{ currency: 'CNY', returns: 1, deltaMinor: 38700, heldMinor: 0, deniedMinor: 0, needsManagerDecisions: 0 }],
    });
    expect((await get(`/v1/reports/day-closes?${q}`, key)).json().rows[0]).toMatchObject({
      station_id: 'STATION-01',
      day: '2026-11-24',
      status: 'closed',
      closed_by: 'M001',
    });

    const pack = (await get(`/v1/reports/evidence/${dressUnit.lpn}`, key)).json();
    expect(pack).toMatchObject({
      lpn: dressUnit.lpn,
      parcel: { weight_grams: 480 },
      unit: { grade: 'A', payload: { answers: expect.any(Object), reasons: expect.any(Array), clerkId: 'clerk-7' } },
    });
    expect(pack.records.map((r: { type: string }) => r.type)).toEqual(
      expect.arrayContaining(['parcel.opened', 'parcel.weighed', 'parcel.condition', 'unit.received', 'parcel.completed']),
    );
    expect(pack.audit.map((e: { who: string; action: string; entityId: string }) => `${e.who} ${e.action} ${e.entityId}`)).toEqual(
      expect.arrayContaining([`clerk-7 parcel.open ${parcel.id}`, `clerk-7 unit.accept ${dressUnit.lpn}`, `C001 parcel.complete ${parcel.id}`]),
    );

    // Return rate: the dress and its scarf came back on apparel lines (a 七天无理由 no-reason return); 40 apparel sold that day.
    await loadSalesCounts(hq.pool, 'WH-SH-01', '\uFEFFday,category,unitsSold\r\n2026-11-24,apparel,40\r\n2026-11-24,shoes,10\r\n');
    await expect(loadSalesCounts(hq.pool, 'WH-SH-01', 'day,category,unitsSold\n2026-11-24,apparel,-3\n')).rejects.toThrow(
      'line 2: unitsSold must be a whole number',
    );
    expect((await get(`/v1/reports/return-rate?${q}`, key)).json()).toEqual({
      byCategory: [
        { category: 'apparel', returned: 2, sold: 40, rate: 0.05 },
        { category: 'shoes', returned: 0, sold: 10, rate: 0 },
      ],
      byCategoryAndReason: [{ category: 'apparel', reason: 'no_reason', returned: 2, rate: 0.05 }],
    });
    expect((await get(`/v1/reports/gift-tasks?${q}`, key)).json()).toEqual({ rows: [] });

    const timeline = (await get('/v1/reports/returns/RMA-2026A0001/timeline', key)).json();
    expect(timeline.steps.map((s: { step: string }) => s.step)).toEqual([
      'parcel_received',
      'unit_decided',
      'unit_decided',
      'refund_recommended',
      'day_closed',
    ]);

    // A key for another warehouse sees nothing here; no key, nothing at all; bad ranges say why.
    const nanjing = await issueReportKey(hq.pool, 'nanjing desk', 'WH-NJ-01');
    expect((await get(`/v1/reports/intake?${q}`, nanjing)).statusCode).toBe(403);
    expect((await get(`/v1/reports/evidence/${dressUnit.lpn}`, nanjing)).statusCode).toBe(404);
    expect((await get(`/v1/reports/intake?${q}`)).statusCode).toBe(401);
    expect((await get('/v1/reports/intake?from=2026-11-25&to=2026-11-24', key)).json()).toMatchObject({ code: 'invalid_request' });
    expect((await get(`/v1/reports/intake?${q}`, token)).statusCode).toBe(401);
  });

  it('each step of a return is queued in the push and delivered to the webhook in order, signed, at least once', async () => {
    const events = await hq.pool.query("select step from return_events where rma_no = 'RMA-2026A0001' order by id");
    expect(events.rows.map((r) => r.step)).toEqual(['parcel_received', 'unit_decided', 'unit_decided', 'refund_recommended', 'day_closed']);
    const received: { body: string; signature: string; key: string }[] = [];
    let failFirst = true;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failFirst) {
          failFirst = false;
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: String(req.headers['x-returns-signature']), key: String(req.headers['idempotency-key']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      // The receiver is down for the first call: that step waits, and the later steps of its return wait behind it.
      expect(await deliverReturnEvents(hq.pool, { url, secret: 's3cret' })).toEqual({ delivered: 0, failed: 1 });
      expect(received).toEqual([]);
      await hq.pool.query('update return_events set next_attempt_at = now() where delivered_at is null');
      expect(await deliverReturnEvents(hq.pool, { url, secret: 's3cret' })).toMatchObject({ delivered: 5, failed: 0 });
      expect(received.map((r) => JSON.parse(r.body).step)).toEqual(['parcel_received', 'unit_decided', 'unit_decided', 'refund_recommended', 'day_closed']);
      for (const r of received) expect(r.signature).toBe(signBody('s3cret', r.body));
      expect(new Set(received.map((r) => r.key)).size).toBe(5);
      expect(await deliverReturnEvents(hq.pool, { url, secret: 's3cret' })).toEqual({ delivered: 0, failed: 0 });
    } finally {
      server.close();
    }
  });

  it('a refund past its due day (from its own receipt) is reported overdue and told to the webhook once', async () => {
    const code = await issueEnrolmentCode(hq.pool, 'WH-SH-01', 'STATION-09');
    const installId = randomUUID();
    const { token } = (
      await app.inject({ method: 'POST', url: '/v1/enrol', payload: { warehouseId: 'WH-SH-01', stationId: 'STATION-09', code, installId } })
    ).json() as { token: string };
    const at = new Date(Date.now() - 6 * 86_400_000).toISOString();
    const rec = recommendationOf('RMA-2026D0001', 19900);
    const items = [
      {
        seq: 1,
        type: 'parcel.opened',
        v: 1,
        createdAt: at,
        payload: {
          id: 'P-D1',
          stationId: 'STATION-09',
          scanned: 'RMA-2026D0001',
          match: { kind: 'rma' },
          rmaNos: ['RMA-2026D0001'],
          trackingNumber: null,
          carrier: null,
          openedAt: at,
          clerkId: 'C001',
        },
      },
      {
        seq: 2,
        type: 'refund.decided',
        v: 1,
        createdAt: at,
        payload: {
          id: 'D-D1',
          rmaNo: 'RMA-2026D0001',
          seq: 1,
          parcelId: 'P-D1',
          cause: 'parcel',
          decidedAt: at,
          decidedBy: 'C001',
          previousTotalMinor: 0,
          deltaMinor: 19900,
          complete: true,
          recommendation: rec,
          dueOn: at.slice(0, 10),
        },
      },
    ];
    expect(
      (await app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: `Bearer ${token}` }, payload: { installId, items } })).json(),
    ).toMatchObject({ ackSeq: 2, rejected: [] });
    const key = await issueReportKey(hq.pool, 'finance-due');
    const due = (await get('/v1/reports/refunds-due?warehouse=WH-SH-01', key)).json() as { rows: { rma_no: string; overdue: boolean; due_on: string }[] };
    expect(due.rows.find((r) => r.rma_no === 'RMA-2026D0001')).toMatchObject({ overdue: true, due_on: at.slice(0, 10) });
    expect(await queueOverdueRefunds(hq.pool)).toBeGreaterThanOrEqual(1);
    expect(await queueOverdueRefunds(hq.pool)).toBe(0);
    const steps = (await hq.pool.query("select step, detail from return_events where rma_no = 'RMA-2026D0001' order by id")).rows;
    expect(steps.map((s) => s.step)).toEqual(['parcel_received', 'refund_recommended', 'refund_overdue']);
    expect(steps[2].detail).toMatchObject({ decisionId: 'D-D1', deltaMinor: 19900, dueOn: at.slice(0, 10) });
  });
});

function recommendationOf(rmaNo: string, minor: number) {
  return {
    rmaNo,
    currency: 'CNY',
    status: 'ready',
    lines: [{ lineId: 'L1', acceptedQty: 1, rejectedQty: 0, pendingQty: 0, unitPriceMinor: minor, grossMinor: minor, restockingFeeMinor: 0, reasons: [] }],
    grossMinor: minor,
    restockingFeeMinor: 0,
    freight: { payer: 'none', deductedMinor: 0, reimbursedMinor: 0 },
    giftDeductionMinor: 0,
    paidMinor: minor,
    totalMinor: minor,
    reasons: [],
    policy: { id: 'cn', version: 1 },
  };
}
