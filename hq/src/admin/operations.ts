import { isTimeZone } from '../../../shared/returns/dates';
/**
 * What HQ's administrator does: warehouses, stations (enrolment codes, revocation), report keys, the
 * reference data stations pull, sales counts, refund conflicts settled. One function each, used by the
 * admin API (hq/src/http/admin-routes.ts) — which the CLI calls while HQ runs — and by the CLI itself
 * when no HQ runs on its data. Each change is recorded in `hq_audit`.
 */
import Papa from 'papaparse';
import type pg from 'pg';
import { parseReferenceFile } from '../../../shared/reference/import';
import { newEnrolmentCode, newSecret, sha256Hex } from '../auth';
import { inTransaction } from '../db';
import { nextLpnPrefix } from '../enrol';
import { HqError } from '../errors';
import { HQ_TASK_FLOW, type HqTaskKind } from '../../../shared/returns/records/hq-task';

const ID = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
function checkId(what: string, id: string | undefined): string {
  if (!id || !ID.test(id)) throw new HqError('invalid_request', `${what} must be 2–32 capital letters, digits or dashes (got ${JSON.stringify(id ?? '')})`);
  return id;
}

/** Who acts, for HQ's own audit trail (the CLI says `admin`). */
export type Admin = string;

async function audit(client: pg.ClientBase, who: Admin, action: string, target: string, detail: Record<string, unknown> = {}) {
  await client.query('insert into hq_audit (who, action, target, detail) values ($1, $2, $3, $4)', [who, action, target, detail]);
}

export async function addWarehouse(pool: pg.Pool, warehouseId: string, name: string, who: Admin = 'admin', timeZone?: string) {
  checkId('warehouse id', warehouseId);
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw new HqError('invalid_request', `${timeZone} is no time zone (say e.g. Asia/Shanghai).`);
  await inTransaction(pool, async (c) => {
    await c.query(
      `insert into warehouses (warehouse_id, name, time_zone) values ($1, $2, coalesce($3, 'Asia/Shanghai'))
       on conflict (warehouse_id) do update set name = excluded.name, time_zone = coalesce($3, warehouses.time_zone)`,
      [warehouseId, name || warehouseId, timeZone ?? null],
    );
    await audit(c, who, 'warehouse.put', warehouseId, { name: name || warehouseId, ...(timeZone ? { timeZone } : {}) });
  });
}

export async function listWarehouses(pool: pg.Pool) {
  const r = await pool.query<{ warehouse_id: string; name: string; time_zone: string; created_at: Date; stations: number }>(
    'select w.warehouse_id, w.name, w.time_zone, w.created_at, (select count(*)::int from stations s where s.warehouse_id = w.warehouse_id) as stations from warehouses w order by w.warehouse_id',
  );
  return r.rows.map((w) => ({ warehouseId: w.warehouse_id, name: w.name, timeZone: w.time_zone, createdAt: w.created_at.toISOString(), stations: w.stations }));
}

/** A one-time enrolment code for a station (created if new), valid for `hours`. Only its hash is kept. */
export async function issueEnrolmentCode(pool: pg.Pool, warehouseId: string, stationId: string, hours = 24, who: Admin = 'admin'): Promise<string> {
  checkId('warehouse id', warehouseId);
  checkId('station id', stationId);
  return inTransaction(pool, async (c) => {
    if (!(await c.query('select 1 from warehouses where warehouse_id = $1', [warehouseId])).rowCount)
      throw new HqError('not_found', `no warehouse ${warehouseId}: add it first`);
    const exists = (await c.query('select 1 from stations where warehouse_id = $1 and station_id = $2', [warehouseId, stationId])).rowCount;
    if (!exists)
      await c.query('insert into stations (warehouse_id, station_id, lpn_prefix) values ($1, $2, $3)', [warehouseId, stationId, await nextLpnPrefix(c)]);
    const code = newEnrolmentCode();
    await c.query('insert into enrolment_codes (warehouse_id, station_id, code_hash, expires_at) values ($1, $2, $3, now() + make_interval(hours => $4))', [
      warehouseId,
      stationId,
      sha256Hex(code),
      hours,
    ]);
    await audit(c, who, 'station.code', `${warehouseId}/${stationId}`, { hours });
    return code;
  });
}

/** The station's token stops working at once, and so do the codes issued for it and not used yet. */
export async function revokeStation(pool: pg.Pool, warehouseId: string, stationId: string, who: Admin = 'admin'): Promise<{ codesRevoked: number }> {
  return inTransaction(pool, async (c) => {
    const r = await c.query('update stations set revoked_at = now() where warehouse_id = $1 and station_id = $2', [warehouseId, stationId]);
    if (!r.rowCount) throw new HqError('not_found', `no station ${stationId} in ${warehouseId}`);
    const codes = await c.query(
      'update enrolment_codes set revoked_at = now() where warehouse_id = $1 and station_id = $2 and used_at is null and revoked_at is null',
      [warehouseId, stationId],
    );
    await audit(c, who, 'station.revoke', `${warehouseId}/${stationId}`, { codesRevoked: codes.rowCount ?? 0 });
    return { codesRevoked: codes.rowCount ?? 0 };
  });
}

export async function listStations(pool: pg.Pool, warehouseId?: string) {
  const r = await pool.query(
    `select s.warehouse_id, s.station_id, s.lpn_prefix, s.token_hash is not null as enrolled, s.enrolled_at, s.revoked_at, s.last_push_at, s.last_seq,
            s.app_version, s.clock_skew_ms, s.records_waiting, s.audit_broken_at, s.audit_head_seq,
            (select count(*)::int from enrolment_codes c where c.warehouse_id = s.warehouse_id and c.station_id = s.station_id and c.used_at is null and c.revoked_at is null and c.expires_at > now()) as open_codes
     from stations s where ($1::text is null or s.warehouse_id = $1) order by s.warehouse_id, s.station_id`,
    [warehouseId ?? null],
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return r.rows.map((s) => ({
    warehouseId: s.warehouse_id as string,
    stationId: s.station_id as string,
    lpnPrefix: s.lpn_prefix as string,
    state: (s.revoked_at ? 'revoked' : s.enrolled ? 'enrolled' : 'waiting') as 'enrolled' | 'revoked' | 'waiting',
    enrolledAt: iso(s.enrolled_at),
    revokedAt: iso(s.revoked_at),
    lastPushAt: iso(s.last_push_at),
    lastSeq: Number(s.last_seq),
    openCodes: s.open_codes as number,
    // As the station said with its last push (null before its first, or from a station too old to say).
    appVersion: (s.app_version as string | null) ?? null,
    clockSkewMs: (s.clock_skew_ms as number | null) ?? null,
    recordsWaiting: (s.records_waiting as number | null) ?? null,
    auditBrokenAt: iso(s.audit_broken_at),
    auditEvents: Number(s.audit_head_seq ?? 0),
  }));
}

/** A report key's id: the start of its hash (the key itself is shown once and never kept). */
export const reportKeyId = (key: string) => sha256Hex(key).slice(0, 12);

/** A key to read HQ's reports (all warehouses, or one), shown once; only its hash is kept. Expires after `days` if given. */
export async function issueReportKey(pool: pg.Pool, name: string, warehouseId?: string, days?: number, who: Admin = 'admin'): Promise<string> {
  if (!name.trim()) throw new HqError('invalid_request', 'say whose key it is (a name)');
  if (warehouseId !== undefined) checkId('warehouse id', warehouseId);
  const key = `rk_${newSecret(32)}`;
  await inTransaction(pool, async (c) => {
    await c.query(
      'insert into report_keys (key_hash, name, warehouse_id, expires_at) values ($1, $2, $3, case when $4::int is null then null else now() + make_interval(days => $4::int) end)',
      [sha256Hex(key), name.trim(), warehouseId ?? null, days ?? null],
    );
    await audit(c, who, 'report-key.issue', reportKeyId(key), { name: name.trim(), warehouseId: warehouseId ?? null, days: days ?? null });
  });
  return key;
}

export async function listReportKeys(pool: pg.Pool) {
  const r = await pool.query<{
    key_hash: string;
    name: string;
    warehouse_id: string | null;
    created_at: Date;
    expires_at: Date | null;
    revoked_at: Date | null;
  }>('select key_hash, name, warehouse_id, created_at, expires_at, revoked_at from report_keys order by created_at');
  return r.rows.map((k) => ({
    id: k.key_hash.slice(0, 12),
    name: k.name,
    warehouseId: k.warehouse_id,
    createdAt: k.created_at.toISOString(),
    expiresAt: k.expires_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeReportKey(pool: pg.Pool, id: string, who: Admin = 'admin'): Promise<boolean> {
  return inTransaction(pool, async (c) => {
    const r = await c.query('update report_keys set revoked_at = now() where left(key_hash, 12) = $1 and revoked_at is null', [id]);
    if (r.rowCount) await audit(c, who, 'report-key.revoke', id);
    return (r.rowCount ?? 0) > 0;
  });
}

/**
 * Units sold per day and category, from a CSV with the columns `day,category,unitsSold` (the shop's
 * sales export): upserted all or nothing; the return rate divides by them.
 */
export async function loadSalesCounts(pool: pg.Pool, warehouseId: string, csvText: string, who: Admin = 'admin'): Promise<number> {
  checkId('warehouse id', warehouseId);
  const parsed = Papa.parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  const rows = parsed.data.map((r, i) => {
    const line = i + 2;
    const day = (r.day ?? '').trim();
    const category = (r.category ?? '').trim();
    const units = Number((r.unitsSold ?? '').trim());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))
      throw new HqError('invalid_request', `line ${line}: day must be YYYY-MM-DD (got ${JSON.stringify(r.day ?? '')})`);
    if (!category || category.length > 64 || category.includes('\u0000'))
      throw new HqError('invalid_request', `line ${line}: a category is needed (at most 64 characters)`);
    if (!Number.isInteger(units) || units < 0 || units > 2_000_000_000)
      throw new HqError('invalid_request', `line ${line}: unitsSold must be a whole number ≥ 0 (got ${JSON.stringify(r.unitsSold ?? '')})`);
    return { day, category, units };
  });
  await inTransaction(pool, async (c) => {
    for (const r of rows)
      await c.query(
        'insert into sales_counts (warehouse_id, day, category, units_sold) values ($1, $2, $3, $4) on conflict (warehouse_id, day, category) do update set units_sold = excluded.units_sold',
        [warehouseId, r.day, r.category, r.units],
      );
    await audit(c, who, 'sales.load', warehouseId, { rows: rows.length });
  });
  return rows.length;
}

/**
 * Loads reference files (the same CSV/JSON the station imports, by name and content) for a warehouse:
 * every row upserted, in one transaction, all or nothing. Stations pull what changed.
 */
export async function loadReferenceFiles(pool: pg.Pool, warehouseId: string, files: { name: string; text: string }[], who: Admin = 'admin') {
  checkId('warehouse id', warehouseId);
  const rows: { kind: string; key: string; body: unknown }[] = [];
  for (const file of files) {
    const parsed = parseReferenceFile(file.name, file.text);
    if (!parsed.ok) throw new HqError('invalid_request', `${file.name}: ${parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
    rows.push(
      ...parsed.expectedReturns.map((r) => ({ kind: 'expectedReturn', key: r.rmaNo, body: r })),
      ...parsed.catalog.map((c) => ({ kind: 'catalog', key: c.gtin, body: c })),
      ...parsed.policies.map((p) => ({ kind: 'policy', key: `${p.id}@${p.version}`, body: p })),
      ...parsed.users.map((u) => ({ kind: 'user', key: u.id, body: u })),
    );
  }
  await upsertReference(pool, warehouseId, rows, who);
  return rows.length;
}

export async function upsertReference(pool: pg.Pool, warehouseId: string, rows: { kind: string; key: string; body: unknown }[], who: Admin = 'admin') {
  await inTransaction(pool, async (c) => {
    for (const r of rows) {
      await c.query(
        `insert into reference_rows (warehouse_id, kind, key, body, deleted) values ($1, $2, $3, $4, false)
         on conflict (warehouse_id, kind, key) do update set body = excluded.body, deleted = false`,
        [warehouseId, r.kind, r.key, JSON.stringify(r.body)],
      );
    }
    await audit(c, who, 'reference.load', warehouseId, { rows: rows.length });
  });
}

/** Removes a reference row: stations delete it on their next pull (a tombstone). */
export async function deleteReference(pool: pg.Pool, warehouseId: string, kind: string, key: string, who: Admin = 'admin'): Promise<boolean> {
  return inTransaction(pool, async (c) => {
    const r = await c.query('update reference_rows set deleted = true, body = null where warehouse_id = $1 and kind = $2 and key = $3 and not deleted', [
      warehouseId,
      kind,
      key,
    ]);
    if (r.rowCount) await audit(c, who, 'reference.delete', `${warehouseId}/${kind}/${key}`);
    return (r.rowCount ?? 0) > 0;
  });
}

/**
 * A person at HQ settles a return's refund conflict: the decisions HQ held are let through (`release`) or
 * not (`deny`), the conflict is resolved with who and why, and the customer's steps say so.
 */
export async function settleRefundConflict(
  pool: pg.Pool,
  warehouseId: string,
  rmaNo: string,
  input: { decision: 'release' | 'deny'; by: string; reason: string },
  who: Admin = 'admin',
) {
  return inTransaction(pool, async (c) => {
    const state = (
      await c.query<{ conflict_id: string | null }>('select conflict_id from return_refunds where warehouse_id = $1 and rma_no = $2 for update', [
        warehouseId,
        rmaNo,
      ])
    ).rows[0];
    if (!state?.conflict_id) throw new HqError('not_found', `No open refund conflict for ${rmaNo} in ${warehouseId}.`);
    const status = input.decision === 'release' ? 'released' : 'denied';
    const held = (
      await c.query<{ decision_id: string; station_id: string; delta_minor: string; currency: string }>(
        "update refund_decisions set hq_status = $3 where warehouse_id = $1 and rma_no = $2 and hq_status = 'on_hold' returning decision_id, station_id, delta_minor, currency",
        [warehouseId, rmaNo, status],
      )
    ).rows;
    const sum = held.reduce((n, d) => n + Number(d.delta_minor), 0);
    await c.query(`update return_refunds set held_minor = 0, conflict_id = null, due_minor = due_minor + $3 where warehouse_id = $1 and rma_no = $2`, [
      warehouseId,
      rmaNo,
      input.decision === 'release' ? sum : 0,
    ]);
    await c.query(
      `update exceptions set status = 'resolved', resolution = $3, resolved_by = $4, resolved_at = now(),
         payload = payload || jsonb_build_object('status', 'resolved', 'resolution', $3::text, 'resolvedBy', $4::text, 'resolvedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       where warehouse_id = $1 and exception_id = $2`,
      [warehouseId, state.conflict_id, `${input.decision === 'release' ? 'released' : 'denied'}: ${input.reason}`, input.by],
    );
    await c.query(
      `insert into return_events (warehouse_id, rma_no, step, at, detail) select $1, $2, $3, now(), jsonb_build_object('by', $4::text, 'reason', $5::text, 'currency', d->>'currency', 'deltaMinor', (d->>'delta_minor')::bigint, 'station', d->>'station_id')
       from jsonb_array_elements($6::jsonb) d`,
      [warehouseId, rmaNo, input.decision === 'release' ? 'refund_released' : 'refund_denied', input.by, input.reason, JSON.stringify(held)],
    );
    // The station whose refund HQ held hears of the settlement with its next pull, as any resolution at HQ.
    const resolution = `${input.decision === 'release' ? 'released' : 'denied'}: ${input.reason}`;
    await c.query(
      `insert into reference_rows (warehouse_id, kind, key, body, deleted) values ($1, 'exceptionResolution', $2, $3, false)
       on conflict (warehouse_id, kind, key) do update set body = excluded.body, deleted = false`,
      [
        warehouseId,
        state.conflict_id,
        JSON.stringify({
          exceptionId: state.conflict_id,
          stationId: held[0]?.station_id ?? '',
          parcelId: null,
          resolution,
          resolvedBy: input.by,
          resolvedAt: new Date().toISOString(),
          rmaNo,
          refundDecisions: { ids: held.map((d) => d.decision_id), hqStatus: status },
        }),
      ],
    );
    await audit(c, who, `refund-conflict.${input.decision}`, `${warehouseId}/${rmaNo}`, {
      by: input.by,
      reason: input.reason,
      decisions: held.map((d) => d.decision_id),
    });
    return { released: input.decision === 'release' ? held.length : 0, denied: input.decision === 'deny' ? held.length : 0 };
  });
}

/**
 * A person at HQ moves a station's task on — a claim submitted, paid or denied; a virtual gift reversed;
 * recycling points awarded — along the task's flow (shared/returns/records/hq-task.ts). Kept with who and
 * why, and told to the customer's webhook.
 */
export async function advanceTask(
  pool: pg.Pool,
  warehouseId: string,
  taskId: string,
  input: { status: string; by: string; note?: string; points?: number },
  who: Admin = 'admin',
) {
  return inTransaction(pool, async (c) => {
    const task = (
      await c.query<{ kind: HqTaskKind; status: string; rma_no: string | null }>(
        'select kind, status, rma_no from hq_tasks where warehouse_id = $1 and task_id = $2 for update',
        [warehouseId, taskId],
      )
    ).rows[0];
    if (!task) throw new HqError('not_found', `No task ${taskId} in ${warehouseId}.`);
    const allowed = HQ_TASK_FLOW[task.kind][task.status] ?? [];
    if (!allowed.includes(input.status))
      throw new HqError('conflict', `A ${task.kind} that is ${task.status} can become ${allowed.join(' or ') || 'nothing more'}, not ${input.status}.`);
    const at = new Date().toISOString();
    const entry = {
      status: input.status,
      at,
      by: input.by,
      ...(input.note ? { note: input.note } : {}),
      ...(input.points !== undefined ? { points: input.points } : {}),
    };
    await c.query('update hq_tasks set status = $3, history = history || $4::jsonb, points = coalesce($5, points) where warehouse_id = $1 and task_id = $2', [
      warehouseId,
      taskId,
      input.status,
      JSON.stringify([entry]),
      input.points ?? null,
    ]);
    if (task.rma_no) {
      await c.query('insert into return_events (warehouse_id, rma_no, step, at, detail) values ($1, $2, $3, now(), $4)', [
        warehouseId,
        task.rma_no,
        `${task.kind}_${input.status}`,
        { taskId, ...entry },
      ]);
    }
    await audit(c, who, `task.${input.status}`, `${warehouseId}/${taskId}`, entry);
    return { taskId, status: input.status };
  });
}

/**
 * A person at HQ resolves an exception a station raised (a wrong item sorted out with the customer, a weight
 * variance explained by the carrier): kept at HQ with who and why, and pulled by the warehouse's stations —
 * the one that raised it settles it, and a parcel it held closes.
 */
export async function resolveException(
  pool: pg.Pool,
  warehouseId: string,
  exceptionId: string,
  input: { by: string; resolution: string },
  who: Admin = 'admin',
) {
  return inTransaction(pool, async (c) => {
    const x = (
      await c.query<{ station_id: string; parcel_id: string | null; status: string }>(
        'select station_id, parcel_id, status from exceptions where warehouse_id = $1 and exception_id = $2 for update',
        [warehouseId, exceptionId],
      )
    ).rows[0];
    if (!x) throw new HqError('not_found', `No exception ${exceptionId} in ${warehouseId}.`);
    if (x.status !== 'open') throw new HqError('conflict', `Exception ${exceptionId} is already resolved.`);
    const resolvedAt = new Date().toISOString();
    await c.query(
      `update exceptions set status = 'resolved', resolution = $3::text, resolved_by = $4::text, resolved_at = $5::timestamptz,
         payload = payload || jsonb_build_object('status', 'resolved', 'resolution', $3::text, 'resolvedBy', $4::text, 'resolvedAt', $5::text)
       where warehouse_id = $1 and exception_id = $2`,
      [warehouseId, exceptionId, input.resolution, input.by, resolvedAt],
    );
    const body = { exceptionId, stationId: x.station_id, parcelId: x.parcel_id, resolution: input.resolution, resolvedBy: input.by, resolvedAt };
    await c.query(
      `insert into reference_rows (warehouse_id, kind, key, body, deleted) values ($1, 'exceptionResolution', $2, $3, false)
       on conflict (warehouse_id, kind, key) do update set body = excluded.body, deleted = false`,
      [warehouseId, exceptionId, JSON.stringify(body)],
    );
    await audit(c, who, 'exception.resolve', `${warehouseId}/${exceptionId}`, { by: input.by, resolution: input.resolution });
    return { resolved: true };
  });
}
