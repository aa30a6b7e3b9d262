import { intake } from '../../../hq/src/reports/range';
import { freshPostgresOrSkip } from '../hq-database';
import type { Scenario } from './types';

/** The same answer as `intake`, written the plainest way: each table grouped on its own, then joined. */
const HAND_SQL = `
  with p as (select (opened_at at time zone $4)::date as day, warehouse_id, station_id, count(*) as n from parcels
             where warehouse_id = any($1) and opened_at >= $2 and opened_at < $3 group by 1, 2, 3),
       u as (select (received_at at time zone $4)::date as day, warehouse_id, station_id, count(*) as n from units
             where warehouse_id = any($1) and received_at >= $2 and received_at < $3 group by 1, 2, 3)
  select coalesce(p.day, u.day)::text as day, coalesce(p.warehouse_id, u.warehouse_id) as warehouse_id, coalesce(p.station_id, u.station_id) as station_id,
         coalesce(p.n, 0)::int as parcels, coalesce(u.n, 0)::int as units
  from p full join u on p.day = u.day and p.warehouse_id = u.warehouse_id and p.station_id = u.station_id
  order by 1, 2, 3`;

const best = async (runs: number, f: () => Promise<unknown>) => {
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
};

/**
 * 4b. HQ's reconciliation (intake: parcels and units per day, warehouse and station) over a company's year
 * — 10 M rows (quick: 1 M) in 10 warehouses and 100 stations — for one warehouse's day and one warehouse's
 * month, against a hand-written SQL of the same answer.
 */
export const hqReconcileScenario: Scenario = {
  id: 'hq-reconcile',
  title: '4b. HQ reconciliation over 10 M rows vs hand-written SQL',
  async run({ quick }) {
    const hq = await freshPostgresOrSkip('10 M rows are not loaded into PGlite');
    try {
      const total = quick ? 1_000_000 : 10_000_000;
      const parcels = Math.round(total / 3);
      const units = total - parcels;
      const now = new Date();
      const yearAgo = new Date(now.getTime() - 360 * 86_400_000);
      const t0 = performance.now();
      // Rows spread evenly over the last 360 days; unit i came in parcel i / 2.
      await hq.pool.query(
        `insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, clerk_id)
         select 'WH-' || lpad((i % 10)::text, 2, '0'), 'P' || i, $2::timestamptz + (i::float8 / $1) * interval '360 days', 'DOCK-' || (i % 100), 'closed', 'C001'
         from generate_series(0, $1::int - 1) as i`,
        [parcels, yearAgo],
      );
      await hq.pool.query(
        `insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, match, grade, acceptance, clerk_id, payload)
         select 'WH-' || lpad((p % 10)::text, 2, '0'), 'U' || i, $3::timestamptz + (p::float8 / $2) * interval '360 days' + interval '5 minutes', 'DOCK-' || (p % 100), 'P' || p, 'matched', 'A', 'accepted', 'C001', '{}'
         from generate_series(0, $1::int - 1) as i, lateral (select i / 2 as p) x`,
        [units, parcels, yearAgo],
      );
      await hq.pool.query('analyze parcels; analyze units');
      const loadS = (performance.now() - t0) / 1000;

      const day = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
      const month = {
        from: new Date(now.getTime() - 60 * 86_400_000).toISOString().slice(0, 10),
        to: new Date(now.getTime() - 31 * 86_400_000).toISOString().slice(0, 10),
      };
      const cases = {
        day: { scope: ['WH-03'], q: { from: day, to: day, tz: 'Asia/Shanghai' } },
        month: { scope: ['WH-03'], q: { ...month, tz: 'Asia/Shanghai' } },
      };
      const figures: Record<string, number> = { rows: total, load_s: Math.round(loadS) };
      const baseline: Record<string, number> = {};
      for (const [name, { scope, q }] of Object.entries(cases)) {
        const span = {
          from: (await hq.pool.query<{ t: Date }>('select ($1::date::timestamp at time zone $2) as t', [q.from, q.tz])).rows[0]!.t,
          to: (await hq.pool.query<{ t: Date }>('select (($1::date + 1)::timestamp at time zone $2) as t', [q.to, q.tz])).rows[0]!.t,
        };
        const ours = await intake(hq.pool, scope, q);
        const hand = (await hq.pool.query(HAND_SQL, [scope, span.from, span.to, q.tz])).rows;
        if (JSON.stringify(ours) !== JSON.stringify(hand))
          throw new Error(
            `intake and the hand-written SQL disagree for the ${name}: ${JSON.stringify(ours).slice(0, 200)} vs ${JSON.stringify(hand).slice(0, 200)}`,
          );
        if (ours.length === 0) throw new Error(`no rows in the ${name} measured`);
        figures[`${name}_ms`] = await best(5, () => intake(hq.pool, scope, q));
        baseline[`hand_${name}_ms`] = await best(5, () => hq.pool.query(HAND_SQL, [scope, span.from, span.to, q.tz]));
      }
      const ratio = figures.month_ms! / baseline.hand_month_ms!;
      return {
        figures,
        baseline,
        ratio,
        target: 'the same answer, within 1.5× the hand-written SQL (month)',
        met: ratio <= 1.5,
        note: `${parcels} parcels and ${units} units over 360 days; one warehouse (of 10), Asia/Shanghai days; best of 5`,
      };
    } finally {
      await hq.drop();
    }
  },
};
