import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../hq/src/db';
import { applyOneByOne, applyRecords, planBatch, preparedOf, writeBatch } from '../../hq/src/push/apply';
import { keepRecords } from '../../hq/src/push/record-log';
import type { PushScope } from '../../hq/src/push/scope';
import type { OutboxItem } from '../../shared/sync/protocol';
import { freshHqDatabase } from '../helpers/hq-database';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
beforeAll(async () => {
  hq = await freshHqDatabase();
}, 60_000);
afterAll(async () => {
  await hq?.drop();
});

// A small world, so records collide: three parcels, four units, two returns, two photos — and two stations of
// one warehouse pushing into it, so one station's records name the other's rows (and are refused alike).
const PARCELS = ['P1', 'P2', 'P3'];
// The last carries a prefix HQ never gave these stations: refused whoever sends it.
const LPNS = ['LPNAAA0000001', 'LPNAAA0000002', 'LPNAAA0000003', 'LPNAAA0000004', 'LPNAAA0000005', 'LPNZZZ0000006'];
const RMAS = ['RMA-1', 'RMA-2'];
/** Mostly the return the settled parcels carry, so most pushes are ones a station would make. */
const likelyRma = fc.constantFrom('RMA-1', 'RMA-1', 'RMA-1', 'RMA-2');
const SHAS = ['a'.repeat(64), 'b'.repeat(64)];
const STATIONS = ['S1', 'S2'] as const;
const INSTALLS = { S1: '11111111-1111-4111-8111-111111111111', S2: '22222222-2222-4222-8222-222222222222' };
const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 6, 0, n % 60)).toISOString();
const scopeOf = (warehouseId: string, station: (typeof STATIONS)[number]): PushScope => ({
  warehouseId,
  stationId: station,
  installId: INSTALLS[station],
  lpnPrefixes: ['AAA'],
});

const recommendation = (rma: string, accepted: number) => ({
  rmaNo: rma,
  currency: 'CNY',
  status: 'ready',
  lines: [
    {
      lineId: 'L1',
      acceptedQty: accepted,
      rejectedQty: 0,
      pendingQty: 0,
      unitPriceMinor: 1000,
      grossMinor: accepted * 1000,
      restockingFeeMinor: 0,
      reasons: [],
    },
  ],
  grossMinor: accepted * 1000,
  restockingFeeMinor: 0,
  freight: { payer: 'none', deductedMinor: 0, reimbursedMinor: 0 },
  giftDeductionMinor: 0,
  paidMinor: 1000,
  totalMinor: accepted * 1000,
  reasons: [],
  policy: { id: 'p', version: 1 },
});

const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
const W = (weight: number, arbitrary: fc.Arbitrary<{ type: string; payload: Record<string, unknown> }>) => ({ weight, arbitrary });
const record = fc.oneof(
  // A parcel id is opened at one time only (two rows for one id would make even one-by-one pick either).
  W(
    8,
    fc.record({ id: pick(PARCELS), rma: pick(RMAS) }).map(({ id, rma }) => ({
      type: 'parcel.opened',
      payload: {
        id,
        stationId: 'S1',
        scanned: rma,
        match: { kind: 'rma' },
        rmaNos: [rma],
        trackingNumber: null,
        carrier: null,
        openedAt: at(PARCELS.indexOf(id)),
        clerkId: 'C1',
      },
    })),
  ),
  W(
    3,
    fc.record({ id: pick(PARCELS), rma: pick(RMAS) }).map(({ id, rma }) => ({ type: 'parcel.returnAdded', payload: { id, rmaNo: rma, scanned: rma } })),
  ),
  W(
    3,
    fc.record({ id: pick(PARCELS), grams: fc.nat(5000), source: pick(['scale', 'manual'] as const) }).map(({ id, grams, source }) => ({
      type: 'parcel.weighed',
      payload: { id, weight: { grams, stable: true, source, ...(source === 'manual' ? { manualReason: 'scale off' } : {}) }, reweighed: false },
    })),
  ),
  W(
    3,
    fc
      .record({ id: pick(PARCELS), c: pick(['intact', 'torn', 'wet'] as const) })
      .map(({ id, c }) => ({ type: 'parcel.condition', payload: { id, outerCondition: c } })),
  ),
  W(
    3,
    pick(PARCELS).map((id) => ({ type: 'parcel.carrierNoted', payload: { id } })),
  ),
  W(
    3,
    fc.record({ id: pick(PARCELS), t: fc.nat(59) }).map(({ id, t }) => ({ type: 'parcel.voided', payload: { id, reason: 'duplicate', by: 'M1', at: at(t) } })),
  ),
  W(
    3,
    fc.record({ id: pick(PARCELS), t: fc.nat(59) }).map(({ id, t }) => ({ type: 'parcel.reopened', payload: { id, reason: 'again', by: 'M1', at: at(t) } })),
  ),
  W(
    3,
    fc.record({ id: pick(PARCELS), status: pick(['closed', 'held'] as const), t: fc.nat(59) }).map(({ id, status, t }) => ({
      type: 'parcel.completed',
      payload: { id, status, rmaNos: [], units: [], refundDecisions: [], exceptions: [], closedAt: at(t) },
    })),
  ),
  W(
    3,
    fc.record({ id: pick(PARCELS), t: fc.nat(59) }).map(({ id, t }) => ({ type: 'parcel.closed', payload: { id, at: at(t), by: 'M1' } })),
  ),
  W(
    3,
    fc.record({ sha: pick(SHAS), parcelId: pick(PARCELS), lpn: pick(LPNS), onUnit: fc.boolean() }).map(({ sha, parcelId, lpn, onUnit }) => ({
      type: 'photo.added',
      payload: { sha256: sha, bytes: 10, parcelId, entity: onUnit ? 'unit' : 'parcel', entityId: onUnit ? lpn : parcelId, takenAt: at(1) },
    })),
  ),
  // Likewise a unit is received at one time only (its LPN is never reused).
  W(
    5,
    fc
      .record({ lpn: pick(LPNS), parcelId: pick(PARCELS), rma: fc.option(likelyRma, { nil: undefined }), photo: fc.option(pick(SHAS), { nil: undefined }) })
      .map(({ lpn, parcelId, rma, photo }) => ({
        type: 'unit.received',
        payload: {
          lpn,
          parcelId,
          ...(rma ? { rmaNo: rma } : {}),
          expectedLineId: 'L1',
          match: 'matched',
          grade: 'A',
          disposition: 'restock',
          channel: 'A-stock',
          acceptance: 'accepted',
          inspectedAt: at(LPNS.indexOf(lpn)),
          clerkId: 'C1',
          qty: 1,
          scan: { raw: lpn },
          ...(photo ? { photos: [photo] } : {}),
        },
      })),
  ),
  W(
    3,
    fc.record({ lpn: pick(LPNS), d: pick(['refurbish', 'scrap']) }).map(({ lpn, d }) => ({
      type: 'unit.corrected',
      payload: { lpn, before: {}, after: { disposition: d, channel: `${d}-bin` }, reason: 'fix', by: 'M1', at: at(2) },
    })),
  ),
  W(
    3,
    fc.record({ lpn: pick(LPNS), a: pick(['accepted', 'rejected'] as const) }).map(({ lpn, a }) => ({
      type: 'unit.decided',
      payload: { lpn, before: {}, after: { acceptance: a, disposition: 'quarantine', channel: 'Q' }, reason: 'manager', by: 'M1', at: at(3) },
    })),
  ),
  W(
    3,
    fc
      .record({ id: pick(['J1', 'J2']), lpn: pick(LPNS) })
      .map(({ id, lpn }) => ({ type: 'labelJob.created', payload: { id, code: lpn, kind: 'unit', reprintOf: null, createdAt: at(4) } })),
  ),
  W(
    3,
    fc.record({ id: pick(['X1', 'X2']), status: pick(['open', 'resolved'] as const), parcelId: pick(PARCELS) }).map(({ id, status, parcelId }) => ({
      type: status === 'open' ? 'exception.raised' : 'exception.resolved',
      payload: {
        id,
        kind: 'wrong_item',
        status,
        parcelId,
        details: [],
        createdAt: at(5),
        ...(status === 'resolved' ? { resolution: 'ok', resolvedBy: 'M1', resolvedAt: at(6) } : {}),
      },
    })),
  ),
  // Refund decisions: HQ judges them across both stations (a return refunded twice is held).
  W(
    4,
    fc
      .record({
        id: pick(['D1', 'D2', 'D3']),
        rma: likelyRma,
        parcelId: pick(PARCELS),
        accepted: fc.integer({ min: 0, max: 2 }),
        delta: fc.integer({ min: -1000, max: 2000 }),
      })
      .map(({ id, rma, parcelId, accepted, delta }) => ({
        type: 'refund.decided',
        payload: {
          id,
          rmaNo: rma,
          seq: 1,
          parcelId,
          cause: 'parcel',
          decidedAt: at(8),
          decidedBy: 'C1',
          previousTotalMinor: 0,
          deltaMinor: delta,
          complete: true,
          recommendation: recommendation(rma, accepted),
          returnLines: [{ lineId: 'L1', qty: 1 }],
          dueOn: '2026-11-26',
        },
      })),
  ),
  // Rare ones: a record HQ refuses, one it cannot keep as JSON, and a barrier applied on its own.
  W(1, fc.constant({ type: 'parcel.weighed', payload: { id: 'P1', weight: { grams: -1 } } })),
  W(1, fc.constant({ type: 'parcel.carrierNoted', payload: { id: 'P1', note: 'nul \u0000 here' } })),
  W(
    2,
    fc.record({ id: pick(['T1', 'T2']), parcelId: pick(PARCELS), rma: fc.option(likelyRma, { nil: undefined }) }).map(({ id, parcelId, rma }) => ({
      type: 'task.opened',
      payload: {
        id,
        kind: rma ? 'carrier_claim' : 'recycling_points',
        status: 'open',
        createdAt: at(9),
        by: 'C1',
        parcelId,
        ...(rma ? { rmaNo: rma, amountMinor: 1000, currency: 'CNY' } : {}),
        lpns: [],
        photos: [SHAS[0]!],
        details: [],
      },
    })),
  ),
  W(
    1,
    fc.record({ id: pick(PARCELS), t: fc.nat(59) }).map(({ id, t }) => ({ type: 'parcel.handedToCarrier', payload: { id, at: at(t), by: 'C1' } })),
  ),
  W(1, fc.constant({ type: 'day.reopened', payload: { date: '2026-11-24', stationId: 'S1', at: at(7), by: 'M1', reason: 'late parcel' } })),
);

const SETTLED = [
  ...PARCELS.map((id, i) => ({
    type: 'parcel.opened',
    payload: { id, stationId: 'S1', scanned: 'RMA-1', match: {}, rmaNos: ['RMA-1'], trackingNumber: null, carrier: null, openedAt: at(i), clerkId: 'C1' },
  })),
  ...LPNS.slice(0, -1).map((lpn, i) => ({
    type: 'unit.received',
    payload: {
      lpn,
      parcelId: PARCELS[i % 3]!,
      rmaNo: 'RMA-1',
      expectedLineId: 'L1',
      match: 'matched',
      grade: 'B',
      acceptance: 'accepted',
      inspectedAt: at(i),
      clerkId: 'C1',
      qty: 1,
      scan: { raw: lpn },
    },
  })),
];

const TABLES: Record<string, string> = {
  parcels:
    'select parcel_id, opened_at, station_id, status, rma_nos, weight_grams, weight_source, outer_condition, carrier_noted, photos, closed_at, void_reason, clerk_id, handed_to_carrier_at from parcels where warehouse_id = $1 order by parcel_id, opened_at',
  units:
    'select lpn, received_at, station_id, parcel_id, rma_no, disposition, channel, acceptance, photos, corrections, payload from units where warehouse_id = $1 order by lpn, received_at',
  label_jobs: 'select job_id, station_id, code from label_jobs where warehouse_id = $1 order by job_id, station_id',
  exceptions: 'select exception_id, station_id, kind, status, resolution, payload from exceptions where warehouse_id = $1 order by exception_id',
  refund_decisions:
    'select decision_id, station_id, rma_no, delta_minor, hq_status, due_on, payload from refund_decisions where warehouse_id = $1 order by decision_id',
  return_refunds: 'select rma_no, currency, due_minor, held_minor, accepted, lines, conflict_id from return_refunds where warehouse_id = $1 order by rma_no',
  record_owners: 'select kind, id, station_id, install_id, at from record_owners where warehouse_id = $1 order by kind, id',
  photo_refs: 'select sha256, station_id from photo_refs where warehouse_id = $1 order by sha256, station_id',
  receipts: "select key, body from reference_rows where warehouse_id = $1 and kind = 'returnReceipts' order by key",
  hq_tasks: 'select task_id, kind, station_id, parcel_id, rma_no, amount_minor, photos from hq_tasks where warehouse_id = $1 order by task_id',
  return_events: 'select rma_no, step, at, detail from return_events where warehouse_id = $1 order by id',
};

describe('HQ applies a batch in bulk exactly as record by record', () => {
  it('any records, in any order, from two stations, split into pushes anyhow: the same rows and the same refusals', async () => {
    let bulkTaken = 0;
    let batches = 0;
    let refusedAsNotYours = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(record, { maxLength: 40 }),
        fc.array(fc.record({ cut: fc.nat(50), station: pick([...STATIONS]) }), { maxLength: 4 }),
        async (settled, random, cuts) => {
          // Half the time, as a station does: what is changed was opened or received first.
          const drafts = settled ? [...SETTLED, ...random] : random;
          const all = drafts.map((d, i) => ({ v: 1, createdAt: at(i), ...d }));
          // Each push is one station's; each station numbers its own records from 1.
          const sorted = [...new Map(cuts.filter((c) => c.cut < all.length).map((c) => [c.cut, c])).values()].sort((a, b) => a.cut - b.cut);
          const bounds = [{ cut: 0, station: 'S1' as const }, ...sorted, { cut: all.length, station: 'S1' as const }];
          const seqs = { S1: 0, S2: 0 };
          await inTransaction(hq.pool, async (client) => {
            const rejected = { bulk: [] as unknown[], alone: [] as unknown[] };
            for (let b = 0; b + 1 < bounds.length; b++) {
              const station = b === 0 ? 'S1' : bounds[b]!.station;
              const batch: OutboxItem[] = all.slice(bounds[b]!.cut, bounds[b + 1]!.cut).map((d) => ({ ...d, seq: ++seqs[station] }));
              if (batch.length === 0) continue;
              await client.query('savepoint probe');
              const probe = scopeOf('WH-PROBE', station);
              await keepRecords(
                client,
                probe,
                `[${preparedOf(batch)
                  .filter((r) => r.storable)
                  .map((r) => r.json)
                  .join(',')}]`,
              );
              try {
                await writeBatch(client, probe, planBatch(probe, preparedOf(batch)));
                bulkTaken++;
              } catch {
                // not bulkable: the paths below fall back
              }
              await client.query('rollback to savepoint probe');
              batches++;
              rejected.bulk.push(...(await applyRecords(client, scopeOf('WH-BULK', station), batch)));
              rejected.alone.push(...(await applyOneByOne(client, scopeOf('WH-ALONE', station), preparedOf(batch))));
            }
            expect(rejected.bulk).toEqual(rejected.alone);
            refusedAsNotYours += rejected.alone.filter((r) => (r as { code: string }).code === 'not_your_record').length;
            for (const [table, sql] of Object.entries(TABLES)) {
              const [bulk, alone] = await Promise.all([client.query(sql, ['WH-BULK']), client.query(sql, ['WH-ALONE'])]);
              expect(bulk.rows, table).toEqual(alone.rows);
            }
            await client.query('rollback');
            await client.query('begin');
          });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
    // The property would hold trivially if bulk always gave up, or if no station ever touched another's rows.
    // Random pushes take the bulk path in about a fifth to a third of batches (0.21–0.34 over runs): a tenth
    // proves it is exercised without failing on an unlucky draw.
    expect(bulkTaken / batches).toBeGreaterThan(0.1);
    expect(refusedAsNotYours).toBeGreaterThan(0);
  }, 180_000);
});

describe('HQ bulk apply', () => {
  it('a day’s worth of parcels is applied with a handful of statements, not one per record', async () => {
    const drafts = PARCELS.flatMap((id, i) => [
      {
        type: 'parcel.opened',
        payload: { id, stationId: 'S1', scanned: 'RMA-1', match: {}, rmaNos: ['RMA-1'], trackingNumber: null, carrier: null, openedAt: at(i), clerkId: 'C1' },
      },
      { type: 'parcel.weighed', payload: { id, weight: { grams: 400, stable: true, source: 'scale' }, reweighed: false } },
      { type: 'parcel.condition', payload: { id, outerCondition: 'intact' } },
      {
        type: 'unit.received',
        payload: {
          lpn: `LPNAAA000000${i}`,
          parcelId: id,
          rmaNo: 'RMA-1',
          expectedLineId: 'L1',
          match: 'matched',
          grade: 'A',
          acceptance: 'accepted',
          inspectedAt: at(i),
          clerkId: 'C1',
          qty: 1,
          scan: { raw: 'x' },
        },
      },
      { type: 'labelJob.created', payload: { id: `J-${id}`, code: `LPNAAA000000${i}`, kind: 'unit', reprintOf: null, createdAt: at(i) } },
      {
        type: 'unit.corrected',
        payload: { lpn: `LPNAAA000000${i}`, before: {}, after: { disposition: 'scrap', channel: 'S' }, reason: 'fix', by: 'M1', at: at(i) },
      },
      {
        type: 'parcel.completed',
        payload: { id, status: 'closed', rmaNos: ['RMA-1'], units: [`LPNAAA000000${i}`], refundDecisions: [], exceptions: [], closedAt: at(i) },
      },
    ]);
    const items: OutboxItem[] = drafts.map((d, i) => ({ seq: i + 1, v: 1, createdAt: at(i), ...d }));
    await inTransaction(hq.pool, async (client) => {
      let statements = 0;
      const counted = new Proxy(client, {
        get: (target, key) =>
          key === 'query' ? (...args: unknown[]) => (statements++, (target.query as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, key),
      });
      // As a push's first attempt writes it: no savepoint (should bulk fail, the push starts again record by record).
      expect(await applyRecords(counted, scopeOf('WH-COUNT', 'S1'), items, undefined, undefined, 'bulk or BulkFailed')).toEqual([]);
      expect(items.length).toBe(21);
      // One statement: the record log, owners, parcels, units, label jobs, changes, receipts, return steps.
      expect(statements).toBe(1);
      const logged = await client.query(
        "select count(*)::int as n, count(*) filter (where type = 'unit.received')::int as units from sync_items where warehouse_id = 'WH-COUNT'",
      );
      expect(logged.rows[0]).toEqual({ n: 21, units: 3 });
      const units = await client.query("select payload->>'lpn' as lpn from units where warehouse_id = 'WH-COUNT' order by lpn");
      expect(units.rows.map((u) => u.lpn)).toEqual(['LPNAAA0000000', 'LPNAAA0000001', 'LPNAAA0000002']);
      const parcels = await client.query("select status, weight_grams, outer_condition, closed_at from parcels where warehouse_id = 'WH-COUNT'");
      expect(parcels.rows).toHaveLength(3);
      expect(parcels.rows.every((p) => p.status === 'closed' && p.weight_grams === 400 && p.outer_condition === 'intact' && p.closed_at)).toBe(true);
      await client.query('rollback');
      await client.query('begin');
    });
  });
});
