import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import type pg from 'pg';
import { parseReferenceFile } from '../../shared/reference/import';
import { newEnrolmentCode, newSecret, sha256Hex } from './auth';
import { inTransaction } from './db';
import { nextLpnPrefix } from './enrol';

const ID = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
function checkId(what: string, id: string | undefined): string {
  if (!id || !ID.test(id)) throw new Error(`${what} must be 2–32 capital letters, digits or dashes (got ${JSON.stringify(id ?? '')})`);
  return id;
}


export async function addWarehouse(pool: pg.Pool, warehouseId: string, name: string) {
  await pool.query('insert into warehouses (warehouse_id, name) values ($1, $2) on conflict (warehouse_id) do update set name = excluded.name', [checkId('warehouse id', warehouseId), name || warehouseId]);
}

/** A one-time enrolment code for a station (created if new), valid for `hours`. Only its hash is kept. */
export async function issueEnrolmentCode(pool: pg.Pool, warehouseId: string, stationId: string, hours = 24): Promise<string> {
  checkId('warehouse id', warehouseId);
  checkId('station id', stationId);
  return inTransaction(pool, async (c) => {
    if (!(await c.query('select 1 from warehouses where warehouse_id = $1', [warehouseId])).rowCount) throw new Error(`no warehouse ${warehouseId}: add it first`);
    const exists = (await c.query('select 1 from stations where warehouse_id = $1 and station_id = $2', [warehouseId, stationId])).rowCount;
    if (!exists) await c.query('insert into stations (warehouse_id, station_id, lpn_prefix) values ($1, $2, $3)', [warehouseId, stationId, await nextLpnPrefix(c)]);
    const code = newEnrolmentCode();
    await c.query("insert into enrolment_codes (warehouse_id, station_id, code_hash, expires_at) values ($1, $2, $3, now() + make_interval(hours => $4))", [warehouseId, stationId, sha256Hex(code), hours]);
    return code;
  });
}

/** A key to read HQ's reports (all warehouses, or one), shown once; only its hash is kept. */
export async function issueReportKey(pool: pg.Pool, name: string, warehouseId?: string): Promise<string> {
  if (!name.trim()) throw new Error('say whose key it is (a name)');
  if (warehouseId !== undefined) checkId('warehouse id', warehouseId);
  const key = `rk_${newSecret(32)}`;
  await pool.query('insert into report_keys (key_hash, name, warehouse_id) values ($1, $2, $3)', [sha256Hex(key), name.trim(), warehouseId ?? null]);
  return key;
}

/**
 * Units sold per day and category, from a CSV with the columns `day,category,unitsSold` (the shop's
 * sales export): upserted all or nothing; the return rate divides by them.
 */
export async function loadSalesCounts(pool: pg.Pool, warehouseId: string, csvText: string): Promise<number> {
  checkId('warehouse id', warehouseId);
  const parsed = Papa.parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  const rows = parsed.data.map((r, i) => {
    const line = i + 2;
    const day = (r.day ?? '').trim();
    const category = (r.category ?? '').trim();
    const units = Number((r.unitsSold ?? '').trim());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw new Error(`line ${line}: day must be YYYY-MM-DD (got ${JSON.stringify(r.day ?? '')})`);
    if (!category || category.length > 64) throw new Error(`line ${line}: a category is needed (at most 64 characters)`);
    if (!Number.isInteger(units) || units < 0) throw new Error(`line ${line}: unitsSold must be a whole number ≥ 0 (got ${JSON.stringify(r.unitsSold ?? '')})`);
    return { day, category, units };
  });
  await inTransaction(pool, async (c) => {
    for (const r of rows) await c.query('insert into sales_counts (warehouse_id, day, category, units_sold) values ($1, $2, $3, $4) on conflict (warehouse_id, day, category) do update set units_sold = excluded.units_sold', [warehouseId, r.day, r.category, r.units]);
  });
  return rows.length;
}

/** The station's token stops working at once; it must be enrolled again. */
export async function revokeStation(pool: pg.Pool, warehouseId: string, stationId: string) {
  const r = await pool.query('update stations set revoked_at = now() where warehouse_id = $1 and station_id = $2', [warehouseId, stationId]);
  if (!r.rowCount) throw new Error(`no station ${stationId} in ${warehouseId}`);
}

/**
 * Loads reference files (the same CSV/JSON the station imports) for a warehouse: every row upserted, in
 * one transaction, all or nothing. Stations pull what changed.
 */
export async function loadReference(pool: pg.Pool, warehouseId: string, files: string[]) {
  const rows: { kind: string; key: string; body: unknown }[] = [];
  for (const file of files) {
    const parsed = parseReferenceFile(path.basename(file), await readFile(file, 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
    rows.push(
      ...parsed.expectedReturns.map((r) => ({ kind: 'expectedReturn', key: r.rmaNo, body: r })),
      ...parsed.catalog.map((c) => ({ kind: 'catalog', key: c.gtin, body: c })),
      ...parsed.policies.map((p) => ({ kind: 'policy', key: `${p.id}@${p.version}`, body: p })),
      ...parsed.users.map((u) => ({ kind: 'user', key: u.id, body: u })),
    );
  }
  await upsertReference(pool, warehouseId, rows);
  return rows.length;
}

export async function upsertReference(pool: pg.Pool, warehouseId: string, rows: { kind: string; key: string; body: unknown }[]) {
  await inTransaction(pool, async (c) => {
    for (const r of rows) {
      await c.query(
        `insert into reference_rows (warehouse_id, kind, key, body, deleted) values ($1, $2, $3, $4, false)
         on conflict (warehouse_id, kind, key) do update set body = excluded.body, deleted = false`,
        [warehouseId, r.kind, r.key, JSON.stringify(r.body)],
      );
    }
  });
}

/** Removes a reference row: stations delete it on their next pull (a tombstone). */
export async function deleteReference(pool: pg.Pool, warehouseId: string, kind: string, key: string) {
  await pool.query('update reference_rows set deleted = true, body = null where warehouse_id = $1 and kind = $2 and key = $3', [warehouseId, kind, key]);
}
