import type pg from 'pg';

/** What the console's fleet page reads beyond stations and keys: reference data loaded, and the customer webhook's deliveries. */

/** What reference data each warehouse holds (rows per kind, deleted ones not counted) and when it was last loaded, by whom. */
export async function referenceSummary(pool: pg.Pool, warehouseId?: string) {
  const r = await pool.query<{ warehouse_id: string; kind: string; rows: number; loaded_at: Date | null; loaded_by: string | null }>(
    `select w.warehouse_id, k.kind, (select count(*)::int from reference_rows r where r.warehouse_id = w.warehouse_id and r.kind = k.kind and not r.deleted) as rows,
            l.at as loaded_at, l.who as loaded_by
     from warehouses w cross join (values ('expectedReturn'), ('catalog'), ('policy'), ('user')) k(kind)
     left join lateral (select at, who from hq_audit a where a.action = 'reference.load' and a.target = w.warehouse_id order by at desc limit 1) l on true
     where ($1::text is null or w.warehouse_id = $1) order by w.warehouse_id, k.kind`,
    [warehouseId ?? null],
  );
  return r.rows.map((x) => ({ warehouseId: x.warehouse_id, kind: x.kind, rows: x.rows, loadedAt: x.loaded_at?.toISOString() ?? null, loadedBy: x.loaded_by }));
}

/** The customer webhook's deliveries: what waits or failed (with the last error), and the latest delivered, newest first. */
export async function webhookDeliveries(pool: pg.Pool, warehouseId?: string) {
  const r = await pool.query(
    `(select id, warehouse_id, rma_no, step, at, delivered_at, attempts, last_error, next_attempt_at from return_events
      where delivered_at is null and ($1::text is null or warehouse_id = $1) order by id limit 200)
     union all
     (select id, warehouse_id, rma_no, step, at, delivered_at, attempts, last_error, next_attempt_at from return_events
      where delivered_at is not null and ($1::text is null or warehouse_id = $1) order by id desc limit 50)
     order by id desc`,
    [warehouseId ?? null],
  );
  return r.rows.map((e) => ({
    id: String(e.id),
    warehouseId: e.warehouse_id as string,
    rmaNo: e.rma_no as string,
    step: e.step as string,
    at: (e.at as Date).toISOString(),
    deliveredAt: (e.delivered_at as Date | null)?.toISOString() ?? null,
    attempts: e.attempts as number,
    lastError: (e.last_error as string | null) ?? null,
    nextAttemptAt: (e.next_attempt_at as Date | null)?.toISOString() ?? null,
  }));
}

/** A delivery that failed is tried at the next round instead of after its back-off (the steps after it of the same return follow). */
export async function retryWebhook(pool: pg.Pool, id: string, warehouseId: string | null): Promise<boolean> {
  const r = await pool.query(
    'update return_events set next_attempt_at = now() where id = $1 and delivered_at is null and ($2::text is null or warehouse_id = $2)',
    [id, warehouseId],
  );
  return (r.rowCount ?? 0) > 0;
}
