import type pg from 'pg';
import { inScope } from './readers';

const RETURN_IN_SCOPE = inScope('warehouse_id');

/**
 * Returns found by what a person has in hand: an RMA, an order number, a tracking number, an LPN or the
 * customer's id — each through an index, from HQ's reference data and from what stations received (a return
 * HQ never had the data of is still found by its parcels and units) — or, when none of those is the text,
 * by a part of the customer's name (a scan of the warehouses' expected returns: a name has no key). Newest
 * first, at most 50.
 */
export async function findReturns(pool: pg.Pool, scope: string[], q: string) {
  const text = q.trim();
  // Every warehouse named, not "any": each lookup by key is then an index probe per warehouse, not a scan of all of them.
  const warehouses =
    scope.length > 0 ? scope : (await pool.query<{ warehouse_id: string }>('select warehouse_id from warehouses')).rows.map((r) => r.warehouse_id);
  if (warehouses.length === 0) return [];
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // One branch per key, so each probes its own index; what each expected return matched by, as one case.
  const expected = (condition: string) =>
    `select warehouse_id, key as rma_no, case
         when key = $2 then 'rma' when body->>'orderNo' = $2 then 'order'
         when body->'trackingNumbers' ? $2 then 'tracking' else 'customer' end as matched_by
     from reference_rows where ${RETURN_IN_SCOPE} and kind = 'expectedReturn' and not deleted and ${condition}`;
  type Hit = { warehouse_id: string; rma_no: string; matched_by: string };
  let hits = (
    await pool.query<Hit>(
      `${expected('key = $2')}
       union all ${expected("body->>'orderNo' = $2")}
       union all ${expected("body->'trackingNumbers' ? $2")}
       union all ${expected("body->'customer'->>'id' = $2")}
       union all
       select warehouse_id, unnest(rma_nos), 'tracking' from parcels where ${RETURN_IN_SCOPE} and tracking_number = $2
       union all
       select warehouse_id, rma_no, 'lpn' from units where ${RETURN_IN_SCOPE} and lpn = $2 and rma_no is not null
       union all
       select warehouse_id, unnest(rma_nos), 'rma' from parcels where ${RETURN_IN_SCOPE} and rma_nos @> array[$2::text]`,
      [warehouses, text],
    )
  ).rows;
  // No key is the text: a part of a name, then (a scan — the only one a search makes). A name thousands share
  // is shown by its first thousand returns' newest 50: a person then adds to what they typed.
  if (hits.length === 0 && text.length >= 2)
    hits = (await pool.query<Hit>(`${expected("body->'customer'->>'name' ilike $3")} limit 1000`, [warehouses, text, like])).rows;
  if (hits.length === 0) return [];
  // The few returns found, told as a person reads them: each by its key, newest received first.
  const rows = await pool.query(
    `select h.warehouse_id, h.rma_no, min(h.matched_by) as matched_by,
            r.body->>'orderNo' as order_no, r.body->'customer'->>'name' as customer, r.body->>'channel' as channel,
            r.body->>'currency' as currency, r.body->>'reason' as reason,
            (select max(p.opened_at) from parcels p where p.warehouse_id = h.warehouse_id and p.rma_nos @> array[h.rma_no]) as last_received_at
     from unnest($1::text[], $2::text[], $3::text[]) as h(warehouse_id, rma_no, matched_by)
     left join reference_rows r on r.warehouse_id = h.warehouse_id and r.kind = 'expectedReturn' and r.key = h.rma_no and not r.deleted
     group by h.warehouse_id, h.rma_no, r.body
     order by last_received_at desc nulls last, h.rma_no
     limit 50`,
    [hits.map((h) => h.warehouse_id), hits.map((h) => h.rma_no), hits.map((h) => h.matched_by)],
  );
  return rows.rows;
}
