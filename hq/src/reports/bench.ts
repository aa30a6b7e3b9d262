import type pg from 'pg';
import type { RangeQuery } from '../../../shared/hq-api/routes';
import { inScope, span } from './readers';

const CONTAINER_IN_SCOPE = inScope('c.warehouse_id');

/**
 * The packing bench at HQ: each container opened in the range (its route, vendor, station, status, count
 * and weight) with what is in it now (LPN, product barcode, grade, return) grouped as the
 * people who ship them read them: by route, then vendor.
 */
export async function containersReport(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const { from, to } = span(q);
  const rows = await pool.query(
    `select c.warehouse_id, c.station_id, c.container_id, c.route, c.vendor, c.status, c.opened_at, c.opened_by, c.closed_at, c.closed_by,
            c.unit_count, c.weight_grams, c.weight_source, c.reopened,
            coalesce(jsonb_agg(jsonb_build_object('lpn', cu.lpn, 'addedAt', cu.added_at, 'gtin', u.payload->'scan'->>'gtin', 'grade', u.grade, 'rmaNo', u.rma_no)
                     order by cu.lpn) filter (where cu.lpn is not null), '[]') as units
     from containers c
     left join container_units cu on cu.warehouse_id = c.warehouse_id and cu.container_id = c.container_id and cu.removed_at is null
     left join units u on u.warehouse_id = cu.warehouse_id and u.lpn = cu.lpn
     where ${CONTAINER_IN_SCOPE} and c.opened_at >= $2 and c.opened_at < $3
     group by c.warehouse_id, c.container_id
     order by c.route, c.vendor nulls first, c.opened_at
     limit 5000`,
    [scope, from, to],
  );
  return rows.rows;
}

/**
 * Dock to stock, per unit whose container closed in the range: from its parcel's scan at the dock to its
 * container's close at the bench, in minutes — with the median and 90th percentile per route.
 */
export async function dockToStock(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const { from, to } = span(q);
  const units = await pool.query(
    `select u.warehouse_id, u.station_id, u.lpn, u.channel as route, c.container_id, p.opened_at as scanned_at, c.closed_at,
            round(extract(epoch from (c.closed_at - p.opened_at)) / 60.0, 1)::float8 as minutes
     from containers c
     join container_units cu on cu.warehouse_id = c.warehouse_id and cu.container_id = c.container_id and cu.removed_at is null
     join units u on u.warehouse_id = cu.warehouse_id and u.lpn = cu.lpn
     join parcels p on p.warehouse_id = u.warehouse_id and p.parcel_id = u.parcel_id
     where ${CONTAINER_IN_SCOPE} and c.status = 'closed' and c.closed_at >= $2 and c.closed_at < $3
     order by c.closed_at, u.lpn
     limit 20000`,
    [scope, from, to],
  );
  const byRoute = new Map<string, number[]>();
  for (const u of units.rows as { route: string; minutes: number }[]) byRoute.set(u.route, [...(byRoute.get(u.route) ?? []), u.minutes]);
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  };
  return {
    units: units.rows,
    byRoute: [...byRoute].map(([route, m]) => ({ route, units: m.length, medianMinutes: pct(m, 50), p90Minutes: pct(m, 90) })),
  };
}
