/**
 * A push's statements are planned once per connection and kept. Made while a warehouse is new, a plan must not
 * go on reading the warehouse's rows to find a push's few as it grows: the push's statements are written to
 * probe by key, and HQ keeps the tables' statistics where autovacuum does not (this test server runs without it).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWarehouse, issueEnrolmentCode } from '../../hq/src/admin';
import { enrol } from '../../hq/src/enrol';
import { prepareRecords } from '../../hq/src/push/apply';
import { PUSH_BEGIN } from '../../hq/src/push/push';
import type { PushScope } from '../../hq/src/push/scope';
import { segmentStatement } from '../../hq/src/push/write-segment';
import { analyzeWhatChanged } from '../../hq/src/statistics';
import type { OutboxItem } from '../../shared/sync/protocol';
import { freshHqDatabase } from '../helpers/hq-database';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let scope: PushScope;
beforeAll(async () => {
  hq = await freshHqDatabase();
  await addWarehouse(hq.pool, 'WH-PLAN', 'plans');
  const installId = randomUUID();
  const code = await issueEnrolmentCode(hq.pool, 'WH-PLAN', 'S1');
  const { lpnPrefix } = await enrol(hq.pool, { warehouseId: 'WH-PLAN', stationId: 'S1', code, installId });
  scope = { warehouseId: 'WH-PLAN', stationId: 'S1', installId, lpnPrefixes: [lpnPrefix] };
}, 60_000);
afterAll(async () => {
  await hq?.drop();
});

const AT = '2026-11-24T06:00:00.000Z';
const lpnOf = (n: number) => `LPN${scope.lpnPrefixes[0]}${String(n).padStart(7, '0')}`;
/** A parcel's day at the dock: opened, weighed, checked, a unit received and labelled, the unit corrected. */
const parcelRecords = (id: string, n: number) => [
  {
    type: 'parcel.opened',
    payload: { id, stationId: 'S1', scanned: 'RMA-1', match: {}, rmaNos: ['RMA-1'], trackingNumber: null, carrier: null, openedAt: AT, clerkId: 'C1' },
  },
  { type: 'parcel.weighed', payload: { id, weight: { grams: 400, stable: true, source: 'scale' }, reweighed: false } },
  { type: 'parcel.condition', payload: { id, outerCondition: 'intact' } },
  {
    type: 'unit.received',
    payload: {
      lpn: lpnOf(n),
      parcelId: id,
      rmaNo: 'RMA-1',
      expectedLineId: 'L1',
      match: 'matched',
      grade: 'A',
      acceptance: 'accepted',
      inspectedAt: AT,
      clerkId: 'C1',
      qty: 1,
      scan: { raw: 'x' },
    },
  },
  { type: 'labelJob.created', payload: { id: `J-${id}`, code: lpnOf(n), kind: 'unit', reprintOf: null, createdAt: AT } },
  { type: 'unit.corrected', payload: { lpn: lpnOf(n), before: {}, after: { disposition: 'scrap', channel: 'S' }, reason: 'fix', by: 'M1', at: AT } },
];

let seq = 0;
const items = (drafts: { type: string; payload: unknown }[]): OutboxItem[] => drafts.map((d) => ({ seq: ++seq, v: 1, createdAt: AT, ...d }));

/** Rows each table gave to the statements of this transaction so far, functions' statements included (pg_stat_xact_*). */
async function rowsReadSoFar(client: pg.ClientBase): Promise<Map<string, number>> {
  const r = await client.query<{ relname: string; n: string }>(
    'select relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as n from pg_stat_xact_user_tables',
  );
  return new Map(r.rows.map((row) => [row.relname, Number(row.n)]));
}

interface Written {
  /** The plan as run (the connection's kept plan, run again on the same records). */
  plan: PlanNode;
  /** Rows read from each table while it ran, by the statement and by the functions it called. */
  read: { table: string; rows: number }[];
}

/** Runs a batch's one-statement write on `client` as a push does, inside a push's transaction; with `explain`, how it ran. */
async function write(client: pg.ClientBase, batch: OutboxItem[], explain = false): Promise<Written | undefined> {
  const ready = prepareRecords(scope, batch);
  if (!ready.plan.ok) throw new Error('the batch cannot be written in bulk');
  const [step] = ready.plan.value;
  if (!step || !('segment' in step)) throw new Error('the batch is not one stretch');
  const statement = segmentStatement(step.segment, { log: ready.log });
  const values = [scope.warehouseId, scope.stationId, scope.installId, step.document, '{}', ready.log.document];
  await client.query(PUSH_BEGIN);
  try {
    await client.query({ ...statement, values });
    if (!explain) return undefined;
    // The same prepared statement (so the plan the connection keeps), run again on the same records in a savepoint.
    await client.query('savepoint again');
    await client.query('delete from sync_items where warehouse_id = $1 and seq = any($2)', [scope.warehouseId, batch.map((i) => i.seq)]);
    const literal = values.map((v) => client.escapeLiteral(String(v))).join(', ');
    const before = await rowsReadSoFar(client);
    const plan = await client.query(`explain (analyze, format json) execute "${statement.name}"(${literal})`);
    const after = await rowsReadSoFar(client);
    await client.query('rollback to savepoint again');
    const read = [...after].map(([table, n]) => ({ table, rows: n - (before.get(table) ?? 0) }));
    return { plan: plan.rows[0]['QUERY PLAN'][0].Plan as PlanNode, read };
  } finally {
    await client.query('commit');
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Rows Removed by Join Filter'?: number;
  Plans?: PlanNode[];
}

/** Every table scan of a plan with the rows it read (kept or filtered away), over all its loops. */
function rowsRead(node: PlanNode, out: { table: string; rows: number }[] = []) {
  if (node['Relation Name']) {
    const rows = (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'];
    out.push({ table: node['Relation Name'], rows });
  }
  for (const child of node.Plans ?? []) rowsRead(child, out);
  return out;
}

describe('HQ push plans as a warehouse grows', () => {
  it('a push changing a parcel and its units reads a handful of rows in a warehouse of 4 000 parcels, with a plan first made on empty tables', async () => {
    const client = await hq.pool.connect();
    try {
      // Planned while the warehouse is empty.
      await write(client, items(parcelRecords('P-FIRST', 0)));
      // A year at the dock later (written straight in, as fast as a bulk import: no plan sees it happen).
      await client.query(
        `with p as (
           insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, clerk_id)
           select $1, 'P-' || i, $2::timestamptz, 'S1', 'closed', array['RMA-' || i], 'C1' from generate_series(1, 4000) i returning parcel_id, opened_at
         ), u as (
           insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, match, grade, acceptance, clerk_id, photos, corrections, payload)
           select $1, $3 || lpad(i::text, 7, '0'), $2::timestamptz, 'S1', 'P-' || i, 'RMA-' || i, 'matched', 'A', 'accepted', 'C1', '{}', 0, '{}'
           from generate_series(1, 4000) i returning lpn, received_at
         )
         insert into record_owners (warehouse_id, kind, id, station_id, install_id, at)
         select $1, 'parcel', parcel_id, 'S1', $4::uuid, opened_at from p union all select $1, 'unit', lpn, 'S1', $4::uuid, received_at from u`,
        [scope.warehouseId, AT, `LPN${scope.lpnPrefixes[0]}`, scope.installId],
      );
      // What autovacuum would notice; HQ's keeper does it on a server without it (the counts this connection
      // changed reach the server's statistics as it goes idle: now, not within a second).
      await client.query('select pg_stat_force_next_flush()');
      const auto = (await client.query<{ autovacuum: string }>('show autovacuum')).rows[0]!.autovacuum;
      if (auto === 'on') await client.query('analyze');
      else expect(await analyzeWhatChanged(hq.pool)).toBeGreaterThan(0);

      // The next push changes what the first wrote: the parcel weighed again, a second unit, the first one corrected.
      const [, weighed, condition, , , corrected] = parcelRecords('P-FIRST', 0);
      const [, , , second] = parcelRecords('P-FIRST', 4001);
      const ran = (await write(client, items([weighed!, condition!, second!, corrected!]), true))!;
      const read = [...rowsRead(ran.plan), ...ran.read];
      expect(read.some((r) => r.rows > 0)).toBe(true);
      const most = read.reduce((a, b) => (b.rows > a.rows ? b : a));
      expect(most.rows, `${most.table} read ${most.rows} rows`).toBeLessThan(50);
      // The rows it changed or checked are found in their own month: the statement sets up no scan of any
      // month's partition (PostgreSQL would set up all of them, each time, and there is one more every month).
      const months = await client.query<{ relname: string }>('select c.relname from pg_class c where c.relispartition');
      const partitions = new Set(months.rows.map((r) => r.relname));
      expect(partitions.size).toBeGreaterThan(20);
      const scanned = rowsRead(ran.plan).filter((r) => partitions.has(r.table));
      expect(scanned.map((r) => r.table)).toEqual([]);
    } finally {
      client.release();
    }
  });
});

describe('HQ keeps its indexes where autovacuum does not run', () => {
  it('merges a GIN index’s pending entries when it analyzes a changed table, as autoanalyze would', async () => {
    if ((await hq.pool.query<{ autovacuum: string }>('show autovacuum')).rows[0]!.autovacuum === 'on') return;
    const client = await hq.pool.connect();
    try {
      await client.query(
        `insert into reference_rows (warehouse_id, kind, key, body)
         select 'WH-PLAN', 'expectedReturn', 'RMA-G' || g, jsonb_build_object('rmaNo', 'RMA-G' || g, 'trackingNumbers', jsonb_build_array('YT' || g))
         from generate_series(1, 400) g`,
      );
      // The server counts the rows changed once the connection that wrote them reports (an idle one does within ~10 s).
      await client.query('select pg_stat_force_next_flush()');
    } finally {
      client.release();
    }
    expect(await analyzeWhatChanged(hq.pool)).toBeGreaterThan(0);
    // Nothing left to merge: the keeper did (gin_clean_pending_list says how many pending pages it merged).
    const left = await hq.pool.query<{ pages: string }>("select gin_clean_pending_list('reference_rows_return_tracking'::regclass) as pages");
    expect(Number(left.rows[0]!.pages)).toBe(0);
  });
});
