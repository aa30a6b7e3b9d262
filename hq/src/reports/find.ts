import type pg from 'pg';
import { inScope } from './readers';

const RETURN_IN_SCOPE = inScope('warehouse_id');

/**
 * Returns found by what a person has in hand: an RMA, an order number, a tracking number, an LPN or the
 * customer's name or id — from HQ's reference data and from what stations received (a return HQ never
 * had the data of is still found by its parcels and units). Newest first, at most 50.
 */
export async function findReturns(pool: pg.Pool, scope: string[], q: string) {
  const text = q.trim();
  // Every warehouse named, not "any": each lookup by key is then an index probe per warehouse, not a scan of all of them.
  const warehouses =
    scope.length > 0 ? scope : (await pool.query<{ warehouse_id: string }>('select warehouse_id from warehouses')).rows.map((r) => r.warehouse_id);
  if (warehouses.length === 0) return [];
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await pool.query(
    `with hits as (
       select warehouse_id, key as rma_no, case
           when key = $2 then 'rma' when body->>'orderNo' = $2 then 'order'
           when body->'trackingNumbers' ? $2 then 'tracking' else 'customer' end as matched_by
       from reference_rows
       where ${RETURN_IN_SCOPE} and kind = 'expectedReturn' and not deleted
         and (key = $2 or body->>'orderNo' = $2 or body->'trackingNumbers' ? $2
              or (length($2) >= 2 and (body->'customer'->>'name' ilike $3 or body->'customer'->>'id' = $2)))
       union all
       select warehouse_id, unnest(rma_nos), 'tracking' from parcels where ${RETURN_IN_SCOPE} and tracking_number = $2
       union all
       select warehouse_id, rma_no, 'lpn' from units where ${RETURN_IN_SCOPE} and lpn = $2 and rma_no is not null
       union all
       select warehouse_id, unnest(rma_nos), 'rma' from parcels where ${RETURN_IN_SCOPE} and rma_nos @> array[$2::text]
     )
     select h.warehouse_id, h.rma_no, min(h.matched_by) as matched_by,
            r.body->>'orderNo' as order_no, r.body->'customer'->>'name' as customer, r.body->>'channel' as channel,
            r.body->>'currency' as currency, r.body->>'reason' as reason,
            (select max(p.opened_at) from parcels p where p.warehouse_id = h.warehouse_id and p.rma_nos @> array[h.rma_no]) as last_received_at
     from hits h
     left join reference_rows r on r.warehouse_id = h.warehouse_id and r.kind = 'expectedReturn' and r.key = h.rma_no and not r.deleted
     group by h.warehouse_id, h.rma_no, r.body
     order by last_received_at desc nulls last, h.rma_no
     limit 50`,
    [warehouses, text, like],
  );
  return rows.rows;
}
