/**
 * What HQ tells managers, finance and customer service over a range of days: intake, refunds, return rates,
 * gift tasks, day closes; and what is open now (exceptions, refund conflicts). SQL with parameters only.
 */
import type pg from 'pg';
import type { RangeQuery } from '../../../shared/hq-api/routes';
import { IN_SCOPE, inScope, span } from './readers';

export async function intake(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const { from, to } = span(q);
  const rows = await pool.query(
    `select day, warehouse_id, station_id, sum(parcels)::int as parcels, sum(units)::int as units from (
       select (opened_at at time zone $4)::date::text as day, warehouse_id, station_id, 1 as parcels, 0 as units from parcels where ${IN_SCOPE} and opened_at >= $2 and opened_at < $3
       union all
       select (received_at at time zone $4)::date::text, warehouse_id, station_id, 0, 1 from units where ${IN_SCOPE} and received_at >= $2 and received_at < $3
     ) x group by day, warehouse_id, station_id order by day, warehouse_id, station_id`,
    [scope, from, to, q.tz],
  );
  return rows.rows as { day: string; warehouse_id: string; station_id: string; parcels: number; units: number }[];
}

/**
 * What the range's decisions added, per currency: what HQ let through (due), what it holds for a person (a
 * return refunded past what it is due across stations), and what was denied when a conflict was settled.
 */
export async function refundsByCurrency(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const { from, to } = span(q);
  const rows = await pool.query(
    `select currency, count(distinct (warehouse_id, rma_no))::int as returns,
            coalesce(sum(delta_minor) filter (where hq_status in ('due', 'released')), 0)::bigint as due_minor,
            coalesce(sum(delta_minor) filter (where hq_status = 'on_hold'), 0)::bigint as held_minor,
            coalesce(sum(delta_minor) filter (where hq_status = 'denied'), 0)::bigint as denied_minor,
            count(*) filter (where status = 'needs_manager')::int as needs_manager_decisions
     from refund_decisions where ${IN_SCOPE} and decided_at >= $2 and decided_at < $3 group by currency order by currency`,
    [scope, from, to],
  );
  return rows.rows.map((r) => ({
    currency: r.currency as string,
    returns: r.returns as number,
    deltaMinor: Number(r.due_minor),
    heldMinor: Number(r.held_minor),
    deniedMinor: Number(r.denied_minor),
    needsManagerDecisions: r.needs_manager_decisions as number,
  }));
}

/** Returns whose refund HQ holds because stations together went past what they are due, with each station's decisions. */
export async function refundConflicts(pool: pg.Pool, scope: string[]) {
  const rows = await pool.query(
    `select rr.warehouse_id, rr.rma_no, rr.currency, rr.due_minor, rr.held_minor, rr.accepted, x.exception_id, x.created_at, x.payload->'details' as details,
            (select coalesce(jsonb_agg(jsonb_build_object('station', d.station_id, 'decisionId', d.decision_id, 'seq', d.seq, 'deltaMinor', d.delta_minor, 'hqStatus', d.hq_status, 'decidedAt', d.decided_at) order by d.decided_at), '[]'::jsonb)
               from refund_decisions d where d.warehouse_id = rr.warehouse_id and d.rma_no = rr.rma_no) as decisions
     from return_refunds rr join exceptions x on x.warehouse_id = rr.warehouse_id and x.exception_id = rr.conflict_id
     where ${inScope('rr.warehouse_id')} and rr.conflict_id is not null order by x.created_at limit 5000`,
    [scope],
  );
  return rows.rows.map((r) => ({ ...r, due_minor: Number(r.due_minor), held_minor: Number(r.held_minor) }));
}

export async function openExceptions(pool: pg.Pool, scope: string[]) {
  const rows = await pool.query(
    `select warehouse_id, station_id, exception_id, kind, rma_no, lpn, parcel_id, created_at from exceptions where ${IN_SCOPE} and status = 'open' order by created_at limit 5000`,
    [scope],
  );
  return rows.rows;
}

export async function dayCloses(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const rows = await pool.query(
    `select warehouse_id, station_id, day::text, status, closed_at, closed_by, times_closed, reopen_reason, payload from day_closes where ${IN_SCOPE} and day >= $2 and day <= $3 order by day, warehouse_id, station_id`,
    [scope, q.from, q.to],
  );
  return rows.rows;
}

/**
 * Return rate by category and reason: units returned (received at the dock in the range, by the category
 * of the line they came back on and the reason the customer gave) ÷ units sold in the range.
 */
export async function returnRate(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const { from, to } = span(q);
  const [returned, sold] = await Promise.all([
    pool.query(
      `select coalesce(line->>'category', 'unknown') as category, coalesce(r.body->>'reason', 'unknown') as reason, sum(u.qty)::int as returned
       from (select warehouse_id, rma_no, line_id, case when jsonb_typeof(payload->'qty') = 'number' then least(greatest((payload->>'qty')::numeric, 1), 10000)::int else 1 end as qty from units where ${IN_SCOPE} and received_at >= $2 and received_at < $3 and match in ('matched', 'serial_mismatch')) u
       left join reference_rows r on r.warehouse_id = u.warehouse_id and r.kind = 'expectedReturn' and r.key = u.rma_no
       left join lateral (select l from jsonb_array_elements(r.body->'lines') l where l->>'lineId' = u.line_id limit 1) x(line) on true
       group by 1, 2 order by 1, 2`,
      [scope, from, to],
    ),
    pool.query(`select category, sum(units_sold)::int as sold from sales_counts where ${IN_SCOPE} and day >= $2 and day <= $3 group by category`, [
      scope,
      q.from,
      q.to,
    ]),
  ]);
  const soldBy = new Map(sold.rows.map((r) => [r.category as string, r.sold as number]));
  const byCategory = new Map<string, number>();
  for (const r of returned.rows) byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.returned);
  return {
    byCategory: [...new Set([...byCategory.keys(), ...soldBy.keys()])].sort().map((category) => {
      const n = byCategory.get(category) ?? 0;
      const s = soldBy.get(category) ?? 0;
      return { category, returned: n, sold: s, rate: s > 0 ? Math.round((n / s) * 10_000) / 10_000 : null };
    }),
    byCategoryAndReason: returned.rows.map((r) => {
      const s = soldBy.get(r.category) ?? 0;
      return {
        category: r.category as string,
        reason: r.reason as string,
        returned: r.returned as number,
        rate: s > 0 ? Math.round((r.returned / s) * 10_000) / 10_000 : null,
      };
    }),
  };
}

/** Gift tasks from the docks: gifts missing (deducted, or 补发 when the store missed them) and extras to send back (补还). */
export async function giftTasks(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const { from, to } = span(q);
  const rows = await pool.query(
    `select warehouse_id, station_id, exception_id, kind, status, rma_no, lpn, created_at, resolution, payload->'details' as details from exceptions
     where ${IN_SCOPE} and kind in ('gift_missing', 'gift_extra') and created_at >= $2 and created_at < $3 order by created_at`,
    [scope, from, to],
  );
  return rows.rows;
}

/**
 * Refunds HQ let through with the day each must be paid by (from its own receipt), the overdue first:
 * those due in the last 30 days and ahead.
 */
export async function refundsDue(pool: pg.Pool, scope: string[]) {
  const rows = await pool.query(
    `select warehouse_id, station_id, rma_no, decision_id, decided_at, currency, delta_minor, due_on::text as due_on, due_on < (now() at time zone 'UTC')::date as overdue
     from refund_decisions where ${IN_SCOPE} and hq_status in ('due', 'released') and delta_minor > 0 and due_on >= (now() at time zone 'UTC')::date - 30
     order by due_on, decided_at limit 5000`,
    [scope],
  );
  return rows.rows.map((r) => ({ ...r, delta_minor: Number(r.delta_minor) }));
}

/** Work stations handed to HQ (claims, virtual gift reversals, recycling points), the oldest open first. */
export async function hqTasks(pool: pg.Pool, scope: string[], q: { kind?: string; status?: string }) {
  const rows = await pool.query(
    `select warehouse_id, station_id, task_id, kind, status, parcel_id, rma_no, amount_minor, currency, points, due_by, photos, created_at, history, payload
     from hq_tasks where ${IN_SCOPE} and ($2::text is null or kind = $2) and ($3::text is null or status = $3)
     order by (status = 'open') desc, created_at limit 5000`,
    [scope, q.kind ?? null, q.status ?? null],
  );
  return rows.rows.map((r) => ({
    ...r,
    amount_minor: r.amount_minor === null ? null : Number(r.amount_minor),
    points: r.points === null ? null : Number(r.points),
    photos: (r.photos as string[]).map((sha) => ({ sha256: sha, url: `/v1/reports/photos/${r.warehouse_id}/${sha}` })),
  }));
}
