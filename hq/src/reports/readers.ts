import type pg from 'pg';
import { addDays, dayBoundsUtc } from '../../../shared/returns/dates';
import type { RangeQuery } from '../../../shared/hq-api/routes';
import { sha256Hex } from '../auth';

export interface ReportReader {
  name: string;
  /** null: every warehouse. */
  warehouseId: string | null;
}

/** The reader a report key belongs to, or null (unknown, revoked, expired). Keys are `rk_<secret>`; only their hash is kept. */
export async function readerForKey(pool: pg.Pool, header: string | undefined): Promise<ReportReader | null> {
  const m = /^Bearer (rk_[A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  if (!m) return null;
  const row = (
    await pool.query<{ name: string; warehouse_id: string | null }>(
      'select name, warehouse_id from report_keys where key_hash = $1 and revoked_at is null and (expires_at is null or expires_at > now())',
      [sha256Hex(m[1]!)],
    )
  ).rows[0];
  return row ? { name: row.name, warehouseId: row.warehouse_id } : null;
}

/** The warehouses a query covers for this reader; null when the reader may not see the one asked for. */
export function scopeOf(reader: ReportReader, asked: string | undefined): string[] | null {
  if (reader.warehouseId) return asked && asked !== reader.warehouseId ? null : [reader.warehouseId];
  return asked ? [asked] : [];
}

/** `[]` means every warehouse: SQL `cardinality($1) = 0 or <column> = any($1)`, for a column the code names. */
export const inScope = (column: 'warehouse_id' | 'o.warehouse_id' | 'rr.warehouse_id' | 'c.warehouse_id' | 'u.warehouse_id') =>
  `(cardinality($1::text[]) = 0 or ${column} = any($1::text[]))`;
export const IN_SCOPE = inScope('warehouse_id');

export function span(q: RangeQuery) {
  return { from: dayBoundsUtc(q.from, q.tz).from, to: dayBoundsUtc(addDays(q.to, 1), q.tz).from };
}
