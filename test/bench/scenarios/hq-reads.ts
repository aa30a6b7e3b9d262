import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { containersReport, dockToStock } from '../../../hq/src/reports/bench';
import { evidencePack, returnTimeline } from '../../../hq/src/reports/evidence';
import { findReturns } from '../../../hq/src/reports/find';
import {
  dayCloses,
  giftTasks,
  hqTasks,
  intake,
  openExceptions,
  refundConflicts,
  refundsByCurrency,
  refundsDue,
  returnRate,
} from '../../../hq/src/reports/range';
import { span } from '../../../hq/src/reports/readers';
import { returnsCsv } from '../../../hq/src/reports/returns-csv';
import type { RangeQuery } from '../../../shared/hq-api/routes';
import { freshPostgresOrSkip } from '../hq-database';
import { loadCompanyYear } from '../../helpers/company-year';
import type { Scenario } from './types';

const best = async (runs: number, f: () => Promise<unknown>) => {
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
};

/** A report as HQ answers it, and the same answer in the plainest hand-written SQL; `size` says how big each answer is (they must agree). */
interface Read {
  name: string;
  ours: () => Promise<unknown>;
  hand: () => Promise<unknown>;
  size: (answer: unknown) => number;
}

const rowsOf = (a: unknown) => (Array.isArray(a) ? a.length : ((a as { rows?: unknown[] }).rows?.length ?? 0));

/** One warehouse's month, as the hand-written SQL counts it: [from, to) in UTC for Asia/Shanghai days. */
function reads(pool: pg.Pool, q: RangeQuery, lpn: string, rmaNo: string): Read[] {
  const wh = q.warehouse!;
  const scope = [wh];
  const { from, to } = span(q);
  const sql = (text: string, values: unknown[] = [wh, from, to]) => pool.query(text, values).then((r) => r.rows);
  return [
    {
      name: 'intake',
      ours: () => intake(pool, scope, q),
      hand: () =>
        sql(
          `with p as (select (opened_at at time zone 'Asia/Shanghai')::date as day, station_id, count(*) as n from parcels
                      where warehouse_id = $1 and opened_at >= $2 and opened_at < $3 group by 1, 2),
                u as (select (received_at at time zone 'Asia/Shanghai')::date as day, station_id, count(*) as n from units
                      where warehouse_id = $1 and received_at >= $2 and received_at < $3 group by 1, 2)
           select coalesce(p.day, u.day)::text as day, coalesce(p.station_id, u.station_id) as station_id, coalesce(p.n, 0)::int as parcels, coalesce(u.n, 0)::int as units
           from p full join u on p.day = u.day and p.station_id = u.station_id order by 1, 2`,
        ),
      size: rowsOf,
    },
    {
      name: 'refunds',
      ours: () => refundsByCurrency(pool, scope, q),
      hand: () =>
        sql(
          `select currency, count(distinct rma_no) as returns, sum(case when hq_status in ('due', 'released') then delta_minor else 0 end) as due,
                  sum(case when hq_status = 'on_hold' then delta_minor else 0 end) as held, sum(case when hq_status = 'denied' then delta_minor else 0 end) as denied,
                  sum(case when status = 'needs_manager' then 1 else 0 end) as needs_manager
           from refund_decisions where warehouse_id = $1 and decided_at >= $2 and decided_at < $3 group by currency order by currency`,
        ),
      size: rowsOf,
    },
    {
      name: 'return_rate',
      ours: () => returnRate(pool, scope, q).then((r) => r.byCategoryAndReason),
      hand: () =>
        Promise.all([
          sql(
            `select l->>'category' as category, r.body->>'reason' as reason, count(*) as returned
             from units u join reference_rows r on r.warehouse_id = u.warehouse_id and r.kind = 'expectedReturn' and r.key = u.rma_no
             cross join lateral jsonb_array_elements(r.body->'lines') l
             where u.warehouse_id = $1 and u.received_at >= $2 and u.received_at < $3 and u.match in ('matched', 'serial_mismatch') and l->>'lineId' = u.line_id
             group by 1, 2 order by 1, 2`,
          ),
          sql('select category, sum(units_sold) as sold from sales_counts where warehouse_id = $1 and day >= $2 and day <= $3 group by category', [
            wh,
            q.from,
            q.to,
          ]),
        ]).then(([returned]) => returned),
      size: rowsOf,
    },
    {
      name: 'gift_tasks',
      ours: () => giftTasks(pool, scope, q),
      hand: () =>
        sql(
          `select warehouse_id, station_id, exception_id, kind, status, rma_no, lpn, created_at, resolution, payload->'details' as details from exceptions
           where warehouse_id = $1 and kind in ('gift_missing', 'gift_extra') and created_at >= $2 and created_at < $3 order by created_at`,
        ),
      size: rowsOf,
    },
    {
      name: 'day_closes',
      ours: () => dayCloses(pool, scope, q),
      hand: () => sql('select * from day_closes where warehouse_id = $1 and day between $2 and $3 order by day, station_id', [wh, q.from, q.to]),
      size: rowsOf,
    },
    {
      name: 'open_exceptions',
      ours: () => openExceptions(pool, scope),
      hand: () =>
        sql(
          "select warehouse_id, station_id, exception_id, kind, rma_no, lpn, parcel_id, created_at from exceptions where warehouse_id = $1 and status = 'open' order by created_at limit 5000",
          [wh],
        ),
      size: rowsOf,
    },
    {
      name: 'refund_conflicts',
      ours: () => refundConflicts(pool, scope),
      hand: () =>
        sql(
          `select rr.rma_no, rr.due_minor, rr.held_minor, x.exception_id, x.created_at,
                  (select jsonb_agg(d.decision_id order by d.decided_at) from refund_decisions d where d.warehouse_id = rr.warehouse_id and d.rma_no = rr.rma_no) as decisions
           from return_refunds rr join exceptions x on x.warehouse_id = rr.warehouse_id and x.exception_id = rr.conflict_id
           where rr.warehouse_id = $1 and rr.conflict_id is not null order by x.created_at limit 5000`,
          [wh],
        ),
      size: rowsOf,
    },
    {
      name: 'refunds_due',
      ours: () => refundsDue(pool, scope),
      hand: () =>
        sql(
          `select rma_no, decision_id, decided_at, delta_minor, due_on from refund_decisions
           where warehouse_id = $1 and hq_status in ('due', 'released') and delta_minor > 0 and due_on >= current_date - 30 order by due_on, decided_at limit 5000`,
          [wh],
        ),
      size: rowsOf,
    },
    {
      name: 'hq_tasks',
      ours: () => hqTasks(pool, scope, {}),
      hand: () => sql("select * from hq_tasks where warehouse_id = $1 order by (status = 'open') desc, created_at limit 5000", [wh]),
      size: rowsOf,
    },
    {
      name: 'containers',
      ours: () => containersReport(pool, scope, q),
      hand: () =>
        sql(
          `select c.container_id, count(cu.lpn) as units, jsonb_agg(u.grade) as grades from containers c
           left join container_units cu on cu.warehouse_id = c.warehouse_id and cu.container_id = c.container_id and cu.removed_at is null
           left join units u on u.warehouse_id = cu.warehouse_id and u.lpn = cu.lpn
           where c.warehouse_id = $1 and c.opened_at >= $2 and c.opened_at < $3 group by c.container_id order by c.container_id limit 5000`,
        ),
      size: rowsOf,
    },
    {
      name: 'dock_to_stock',
      ours: () => dockToStock(pool, scope, q).then((r) => r.units),
      hand: () =>
        sql(
          `select u.lpn, extract(epoch from (c.closed_at - p.opened_at)) / 60 as minutes from containers c
           join container_units cu on cu.warehouse_id = c.warehouse_id and cu.container_id = c.container_id and cu.removed_at is null
           join units u on u.warehouse_id = cu.warehouse_id and u.lpn = cu.lpn
           join parcels p on p.warehouse_id = u.warehouse_id and p.parcel_id = u.parcel_id
           where c.warehouse_id = $1 and c.status = 'closed' and c.closed_at >= $2 and c.closed_at < $3 order by c.closed_at, u.lpn limit 20000`,
        ),
      size: rowsOf,
    },
    {
      name: 'evidence',
      ours: () => evidencePack(pool, scope, lpn).then((e) => e?.records ?? []),
      hand: () =>
        sql(
          `select i.* from sync_items i, (select parcel_id from units where warehouse_id = $1 and lpn = $2) p where i.warehouse_id = $1
           and (payload->>'lpn' = $2 or payload->>'code' = $2 or payload->>'id' = p.parcel_id or payload->>'parcelId' = p.parcel_id) order by created_at, seq`,
          [wh, lpn],
        ),
      size: rowsOf,
    },
    {
      name: 'timeline',
      ours: () => returnTimeline(pool, scope, rmaNo).then((t) => t.steps),
      hand: () =>
        Promise.all([
          sql('select parcel_id from parcels where warehouse_id = $1 and rma_nos @> array[$2]', [wh, rmaNo]),
          sql('select lpn from units where warehouse_id = $1 and rma_no = $2', [wh, rmaNo]),
          sql('select decision_id from refund_decisions where warehouse_id = $1 and rma_no = $2', [wh, rmaNo]),
        ]).then((parts) => parts.flat()),
      size: rowsOf,
    },
  ];
}

/** The returns CSV for the month, streamed as HQ sends it: bytes, rows and the heap it grew by at most. */
async function ourCsv(pool: pg.Pool, q: RangeQuery) {
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  let bytes = 0;
  let rows = 0;
  for await (const part of returnsCsv(pool, [q.warehouse!], q)) {
    bytes += Buffer.byteLength(part);
    rows += part.split('\r\n').length - 1;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  return { bytes, rows: rows - 1, heapMb: (heapPeak - heapBefore) / 1024 / 1024 };
}

/** The same rows as CSV by hand: one statement joining what the file shows, COPY'd out. */
async function handCsv(pool: pg.Pool, q: RangeQuery) {
  const { from, to } = span(q);
  const client = await pool.connect();
  let bytes = 0;
  try {
    const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;
    await pipeline(
      client.query(
        copyTo(
          `copy (select (u.received_at at time zone 'Asia/Shanghai')::date, r.body->>'orderNo', u.rma_no, l->>'sku', u.payload->'scan'->>'gtin', l->>'name', 1, u.lpn, u.disposition, u.grade,
                        r.body->>'reason', u.fault_party, d.delta_minor / 2, r.body->>'currency', u.station_id, usr.body->>'name', p.tracking_number, p.weight_grams,
                        r.body->>'customerComment', cu.container_id
                 from units u
                 join parcels p on p.warehouse_id = u.warehouse_id and p.parcel_id = u.parcel_id
                 left join reference_rows r on r.warehouse_id = u.warehouse_id and r.kind = 'expectedReturn' and r.key = u.rma_no
                 left join lateral (select x from jsonb_array_elements(r.body->'lines') x where x->>'lineId' = u.line_id limit 1) lines(l) on true
                 left join lateral (select delta_minor from refund_decisions where warehouse_id = u.warehouse_id and rma_no = u.rma_no order by seq desc limit 1) d on true
                 left join reference_rows usr on usr.warehouse_id = u.warehouse_id and usr.kind = 'user' and usr.key = u.clerk_id
                 left join container_units cu on cu.warehouse_id = u.warehouse_id and cu.lpn = u.lpn and cu.removed_at is null
                 where u.warehouse_id = ${lit(q.warehouse!)} and u.received_at >= ${lit(from)} and u.received_at < ${lit(to)}
                 order by u.received_at, u.lpn) to stdout with (format csv, header)`,
        ),
      ),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) bytes += chunk.length;
      },
    );
  } finally {
    client.release();
  }
  return bytes;
}

/**
 * 4b. HQ's reads over a company's year — 10 M rows (quick: 1 M) in 10 warehouses, 100 stations: every report
 * HQ serves for one warehouse's month (and what is open now), a unit's evidence, a return's timeline, and the
 * returns CSV streamed — each against the plainest hand-written SQL giving the same answer.
 */
export const hqReadsScenario: Scenario = {
  id: 'hq-reads',
  title: "4b. HQ's reports and returns CSV over 10 M rows vs hand-written SQL",
  async run({ quick }) {
    const hq = await freshPostgresOrSkip('10 M rows are not loaded into PGlite');
    try {
      const returns = quick ? 150_000 : 1_500_000;
      const now = new Date();
      const yearAgo = new Date(now.getTime() - 360 * 86_400_000);
      const t0 = performance.now();
      const total = await loadCompanyYear(hq.pool, returns, yearAgo);
      const loadS = (performance.now() - t0) / 1000;
      // Timed as HQ holds a year: its GIN indexes' pending entries merged, as autovacuum (or HQ's keeper, where it
      // does not run) has by then — the loader's plain analyze does not; and not while PostgreSQL still writes the
      // load out: its checkpoint (gigabytes of pages) otherwise ran under the first reports (intake 83 ms against
      // the hand SQL's 34, then ~1.1×).
      await hq.pool.query(
        `select gin_clean_pending_list(x.indexrelid) from pg_index x join pg_class c on c.oid = x.indexrelid join pg_am a on a.oid = c.relam
         where a.amname = 'gin' and c.relkind = 'i'`,
      );
      await hq.pool.query('checkpoint');
      const month: RangeQuery = {
        from: new Date(now.getTime() - 60 * 86_400_000).toISOString().slice(0, 10),
        to: new Date(now.getTime() - 31 * 86_400_000).toISOString().slice(0, 10),
        tz: 'Asia/Shanghai',
        warehouse: 'WH-03',
      };
      // A unit and a return of that month in WH-03 (parcel i is in warehouse i mod 10).
      const i = Math.floor((returns * (315 / 360)) / 10) * 10 + 3;
      const figures: Record<string, number> = { rows: total, load_s: Math.round(loadS) };
      const baseline: Record<string, number> = {};
      let worst = 0;
      let worstName = '';
      for (const r of reads(hq.pool, month, `U${2 * i}`, `R${i}`)) {
        const [ours, hand] = [await r.ours(), await r.hand()];
        if (r.size(ours) !== r.size(hand)) throw new Error(`${r.name}: HQ answered ${r.size(ours)} rows, the hand-written SQL ${r.size(hand)}`);
        figures[`${r.name}_ms`] = await best(3, r.ours);
        baseline[`hand_${r.name}_ms`] = await best(3, r.hand);
        figures[`${r.name}_rows`] = r.size(ours);
        const ratio = figures[`${r.name}_ms`]! / Math.max(baseline[`hand_${r.name}_ms`]!, 1);
        if (ratio > worst) [worst, worstName] = [ratio, r.name];
      }
      // The console's search, by what a person has in hand (no hand-written twin: it searches every field at once).
      for (const [name, text] of [
        ['rma', `R${i}`],
        ['tracking', `SF${1_000_000_000 + i}`],
        ['lpn', `U${2 * i}`],
        ['customer', '王'],
      ] as const) {
        if (name !== 'customer' && (await findReturns(hq.pool, [], text)).length !== 1) throw new Error(`the search by ${name} did not find R${i}`);
        figures[`find_by_${name}_ms`] = await best(3, () => findReturns(hq.pool, [], text));
      }
      // Best of 3 each, in turn, as the reports: the first of either warms the other's pages.
      let csv = { bytes: 0, rows: 0, heapMb: 0 };
      let handBytes = 0;
      figures.returns_csv_ms = Infinity;
      baseline.hand_csv_ms = Infinity;
      for (let run = 0; run < 3; run++) {
        const t1 = performance.now();
        const ours = await ourCsv(hq.pool, month);
        figures.returns_csv_ms = Math.min(figures.returns_csv_ms, performance.now() - t1);
        csv = { ...ours, heapMb: Math.max(csv.heapMb, ours.heapMb) };
        const t2 = performance.now();
        handBytes = await handCsv(hq.pool, month);
        baseline.hand_csv_ms = Math.min(baseline.hand_csv_ms, performance.now() - t2);
      }
      figures.returns_csv_rows = csv.rows;
      figures.returns_csv_heap_mb = csv.heapMb;
      baseline.hand_csv_kb = Math.round(handBytes / 1024);
      figures.returns_csv_kb = Math.round(csv.bytes / 1024);
      const csvRatio = figures.returns_csv_ms / baseline.hand_csv_ms;
      if (csvRatio > worst) [worst, worstName] = [csvRatio, 'returns_csv'];
      return {
        figures,
        baseline,
        ratio: worst,
        target: 'every report and the streamed returns CSV within 1.5× the hand-written SQL (ratio: the worst, a read under 1 ms counted as 1 ms)',
        met: worst <= 1.5,
        note: `worst: ${worstName}; ${returns} returns (parcels, 2 units each, refund decisions, expected returns, refund state) plus exceptions, containers, tasks, day closes and WH-03's record log over 360 days, ${total} rows; WH-03's month, Asia/Shanghai days; best of 3`,
      };
    } finally {
      await hq.drop();
    }
  },
};
