import type pg from 'pg';

/** Ten warehouses, ten stations each: WH-00 … WH-09, DOCK-0 … DOCK-99 (station i works in warehouse i mod 10). */
export const WAREHOUSES = 10;
const CATEGORIES = ['apparel', 'electronics', 'beauty', 'home', 'food'];

/**
 * A company's year at HQ, written straight into its tables by SQL (pushing it would take hours): `returns`
 * parcels (one return each, two units each, one refund decision, its expected return, its refund state),
 * an exception in ten parcels (a fiftieth of them open), a quarter of the units in closed containers, a
 * station's day closes, HQ tasks, sales counts — and, for the warehouse the reads look at (WH-03), the
 * record log and record owners as pushes leave them. Returns the rows written.
 */
export async function loadCompanyYear(pool: pg.Pool, returns: number, yearAgo: Date): Promise<number> {
  const n = returns;
  for (let w = 0; w < WAREHOUSES; w++)
    await pool.query("insert into warehouses (warehouse_id, name, time_zone) values ($1, $1, 'Asia/Shanghai') on conflict do nothing", [`WH-0${w}`]);
  // Parcel i: warehouse i mod 10, station i mod 100, opened evenly over 360 days; its return is R<i>.
  const parcelAt = `$2::timestamptz + (i::float8 / $1) * interval '360 days'`;
  const wh = `'WH-0' || (i % 10)`;
  const statements = [
    `insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, weight_grams, weight_source, outer_condition, closed_at, clerk_id)
     select ${wh}, 'P' || i, ${parcelAt}, 'DOCK-' || (i % 100), 'closed', array['R' || i], 'SF' || (1000000000 + i), 'sf', 300 + i % 900, 'scale', 'intact',
            ${parcelAt} + interval '10 minutes', 'C00' || (i % 7)
     from generate_series(0, $1::int - 1) as i`,
    `insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, payload)
     select ${wh}, 'U' || (2 * i + k), ${parcelAt} + interval '5 minutes' + k * interval '1 second', 'DOCK-' || (i % 100), 'P' || i, 'R' || i, 'L' || (k + 1), 'matched',
            (array['A', 'A', 'B', 'C'])[1 + (i + k) % 4], 'SELLABLE', 'restock', case when (i / 10) % 50 = 0 then 'manual_intervention_required' else 'accepted' end, 'customer',
            'C00' || (i % 7), jsonb_build_object('scan', jsonb_build_object('raw', '69' || lpad(((i + k) % 2000)::text, 11, '0'), 'gtin', '69' || lpad(((i + k) % 2000)::text, 11, '0')), 'qty', 1)
     from generate_series(0, $1::int - 1) as i, generate_series(0, 1) as k`,
    `insert into refund_decisions (warehouse_id, decision_id, decided_at, station_id, rma_no, parcel_id, seq, cause, currency, delta_minor, total_minor, status, payload, hq_status, due_on)
     select ${wh}, 'D' || i, ${parcelAt} + interval '15 minutes', 'DOCK-' || (i % 100), 'R' || i, 'P' || i, 1, 'parcel_completed', 'CNY', 19900 + (i % 100) * 100, 19900 + (i % 100) * 100,
            case when (i / 10) % 10 = 0 then 'needs_manager' else 'ready' end,
            jsonb_build_object('rmaNo', 'R' || i, 'recommendation', jsonb_build_object('totalMinor', 19900 + (i % 100) * 100, 'lines', jsonb_build_array(
              jsonb_build_object('lineId', 'L1', 'grossMinor', 9950 + (i % 100) * 50, 'restockingFeeMinor', 0),
              jsonb_build_object('lineId', 'L2', 'grossMinor', 9950 + (i % 100) * 50, 'restockingFeeMinor', 0)))),
            case when (i / 10) % 100 = 0 then 'on_hold' else 'due' end, (${parcelAt} + interval '2 days')::date
     from generate_series(0, $1::int - 1) as i`,
    `insert into reference_rows (warehouse_id, kind, key, body)
     select ${wh}, 'expectedReturn', 'R' || i, jsonb_build_object('rmaNo', 'R' || i, 'orderNo', 'O' || (4000000000 + i), 'currency', 'CNY',
            'reason', (array['no_reason', 'defective', 'wrong_item', 'not_as_described'])[1 + i % 4], 'customerComment', case when i % 3 = 0 then '尺码偏小' end,
            'lines', jsonb_build_array(
              jsonb_build_object('lineId', 'L1', 'sku', 'SKU-' || (i % 2000), 'name', '商品 ' || (i % 2000), 'category', (array[${CATEGORIES.map((c) => `'${c}'`).join(', ')}])[1 + (i / 10) % 5], 'qty', 1),
              jsonb_build_object('lineId', 'L2', 'sku', 'SKU-' || ((i + 1) % 2000), 'name', '商品 ' || ((i + 1) % 2000), 'category', (array[${CATEGORIES.map((c) => `'${c}'`).join(', ')}])[1 + (i / 10 + 1) % 5], 'qty', 1)))
     from generate_series(0, $1::int - 1) as i`,
    `insert into return_refunds (warehouse_id, rma_no, currency, due_minor, held_minor, conflict_id)
     select ${wh}, 'R' || i, 'CNY', 19900 + (i % 100) * 100, case when (i / 10) % 2000 = 0 then 19900 else 0 end, case when (i / 10) % 2000 = 0 then 'X' || i end
     from generate_series(0, $1::int - 1) as i`,
    `insert into exceptions (warehouse_id, exception_id, created_at, station_id, kind, status, parcel_id, rma_no, lpn, payload)
     select ${wh}, 'X' || i, ${parcelAt} + interval '6 minutes', 'DOCK-' || (i % 100),
            case when (i / 10) % 2000 = 0 then 'refund_conflict' else (array['gift_missing', 'gift_extra', 'damaged_in_transit', 'qty_over'])[1 + (i / 100) % 4] end,
            case when (i / 10) % 50 = 0 then 'open' else 'resolved' end, 'P' || i, 'R' || i, 'U' || (2 * i), jsonb_build_object('details', '[]'::jsonb)
     from generate_series(0, $1::int - 1) as i where (i / 10) % 10 = 0`,
    // A container per 20 parcels of a warehouse (every fourth parcel's units go in), closed two hours later.
    `insert into containers (warehouse_id, container_id, station_id, route, vendor, status, opened_at, opened_by, closed_at, closed_by, unit_count, weight_grams, weight_source, payload)
     select ${wh}, 'K' || (i / 200) || '-' || (i % 10), 'DOCK-' || (i % 100), 'restock', null, 'closed', ${parcelAt}, 'C001', ${parcelAt} + interval '2 hours', 'C001', 10, 5000, 'scale', '{}'
     from generate_series(0, $1::int - 1) as i where i % 200 < 10`,
    `insert into container_units (warehouse_id, container_id, lpn, added_at, added_by)
     select ${wh}, 'K' || (i / 200) || '-' || (i % 10), 'U' || (2 * i + k), ${parcelAt} + interval '20 minutes', 'C001'
     from generate_series(0, $1::int - 1) as i, generate_series(0, 1) as k where (i / 10) % 4 = 0`,
    `insert into hq_tasks (warehouse_id, task_id, kind, station_id, parcel_id, rma_no, status, amount_minor, currency, created_at, payload)
     select ${wh}, 'T' || i, 'carrier_claim', 'DOCK-' || (i % 100), 'P' || i, 'R' || i, case when (i / 10) % 30 = 0 then 'open' else 'done' end, 5000, 'CNY', ${parcelAt}, '{}'
     from generate_series(0, $1::int - 1) as i where (i / 10) % 10 = 0`,
    `insert into day_closes (warehouse_id, station_id, day, closed_at, closed_by, payload)
     select 'WH-0' || (s % 10), 'DOCK-' || s, ($2::timestamptz + d * interval '1 day')::date, $2::timestamptz + d * interval '1 day' + interval '10 hours', 'M001', '{}'
     from generate_series(0, 99) as s, generate_series(0, 359) as d where $1::int > 0`,
    `insert into sales_counts (warehouse_id, day, category, units_sold)
     select 'WH-0' || w, ($2::timestamptz + d * interval '1 day')::date, c, ($1::int / 3600) * 10 + 1
     from generate_series(0, 9) as w, generate_series(0, 359) as d, unnest(array[${CATEGORIES.map((c) => `'${c}'`).join(', ')}]) as c`,
    // The record log and record owners as pushes leave them, for the warehouse looked at.
    `insert into sync_items (warehouse_id, station_id, install_id, seq, type, v, payload, created_at)
     select ${wh}, 'DOCK-' || (i % 100), '00000000-0000-4000-8000-000000000000', 3 * (i / 100) + k + 1, (array['parcel.opened', 'unit.received', 'unit.received'])[k + 1], 1,
            case when k = 0 then jsonb_build_object('id', 'P' || i, 'rmaNos', jsonb_build_array('R' || i))
                 else jsonb_build_object('lpn', 'U' || (2 * i + k - 1), 'parcelId', 'P' || i, 'grade', 'A') end,
            ${parcelAt}
     from generate_series(0, $1::int - 1) as i, generate_series(0, 2) as k where i % 10 = 3`,
    `insert into record_owners (warehouse_id, kind, id, station_id, at)
     select ${wh}, 'unit', 'U' || (2 * i + k), 'DOCK-' || (i % 100), ${parcelAt} + interval '5 minutes' + k * interval '1 second'
     from generate_series(0, $1::int - 1) as i, generate_series(0, 1) as k where i % 10 = 3`,
    `insert into record_owners (warehouse_id, kind, id, station_id, at)
     select ${wh}, 'parcel', 'P' || i, 'DOCK-' || (i % 100), ${parcelAt} from generate_series(0, $1::int - 1) as i where i % 10 = 3`,
    `insert into record_owners (warehouse_id, kind, id, station_id, at)
     select ${wh}, 'refund', 'D' || i, 'DOCK-' || (i % 100), ${parcelAt} + interval '15 minutes' from generate_series(0, $1::int - 1) as i where i % 10 = 3`,
    `insert into reference_rows (warehouse_id, kind, key, body)
     select 'WH-0' || w, 'catalog', '69' || lpad(g::text, 11, '0'), jsonb_build_object('gtin', '69' || lpad(g::text, 11, '0'), 'sku', 'SKU-' || g, 'name', '商品 ' || g)
     from generate_series(0, 9) as w, generate_series(0, 1999) as g`,
    `insert into reference_rows (warehouse_id, kind, key, body)
     select 'WH-0' || w, 'user', 'C00' || c, jsonb_build_object('id', 'C00' || c, 'name', '店员 ' || c, 'role', 'clerk')
     from generate_series(0, 9) as w, generate_series(0, 6) as c`,
  ];
  let rows = 0;
  for (const sql of statements) {
    const r = await pool.query(sql, sql.includes('$2') ? [n, yearAgo] : sql.includes('$1') ? [n] : []);
    rows += r.rowCount ?? 0;
  }
  await pool.query('analyze');
  return rows;
}
