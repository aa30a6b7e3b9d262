/**
 * What HQ tells managers, finance and customer service: intake, refunds, open exceptions and day closes
 * by day, warehouse and station; the returns CSV for any range (streamed, the station's columns and
 * rules); an evidence pack per LPN; each return's timeline. SQL with parameters only.
 */
import type pg from 'pg';
import { z } from 'zod';
import { csvPart, dayCsvRows } from '../../shared/reports/day-csv';
import type { DayParcel, DayRefund, DayUnit } from '../../shared/reports/day-report';
import { addDays, dayBoundsUtc, isTimeZone } from '../../shared/returns/dates';
import type { ExpectedReturn } from '../../shared/returns/records/expected-return';
import { sha256Hex } from './auth';

const Day = z.iso.date();
export const RangeQuerySchema = z
  .object({
    from: Day,
    to: Day,
    /** One warehouse, or (for a key that may) all of them. */
    warehouse: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/)
      .optional(),
    /** The zone days are counted in. */
    tz: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').default('UTC'),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'at most 366 days at once', path: ['to'] });
export type RangeQuery = z.output<typeof RangeQuerySchema>;

export interface ReportReader {
  name: string;
  /** null: every warehouse. */
  warehouseId: string | null;
}

/** The reader a report key belongs to, or null. Keys are `rk_<secret>`; only their hash is kept. */
export async function readerForKey(pool: pg.Pool, header: string | undefined): Promise<ReportReader | null> {
  const m = /^Bearer (rk_[A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  if (!m) return null;
  const row = (await pool.query<{ name: string; warehouse_id: string | null }>('select name, warehouse_id from report_keys where key_hash = $1 and revoked_at is null', [sha256Hex(m[1]!)])).rows[0];
  return row ? { name: row.name, warehouseId: row.warehouse_id } : null;
}

/** The warehouses a query covers for this reader; null when the reader may not see the one asked for. */
export function scopeOf(reader: ReportReader, asked: string | undefined): string[] | null {
  if (reader.warehouseId) return asked && asked !== reader.warehouseId ? null : [reader.warehouseId];
  return asked ? [asked] : [];
}

/** `[]` means every warehouse: SQL `cardinality($1) = 0 or warehouse_id = any($1)`. */
const IN_SCOPE = '(cardinality($1::text[]) = 0 or warehouse_id = any($1::text[]))';

function span(q: RangeQuery) {
  return { from: dayBoundsUtc(q.from, q.tz).from, to: dayBoundsUtc(addDays(q.to, 1), q.tz).from };
}

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

/** What the range's decisions added, per currency; and where each return's refund stands now. */
export async function refundsByCurrency(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const { from, to } = span(q);
  const rows = await pool.query(
    `select currency, count(distinct (warehouse_id, rma_no))::int as returns, sum(delta_minor)::bigint as delta_minor,
            count(*) filter (where status = 'needs_manager')::int as needs_manager_decisions
     from refund_decisions where ${IN_SCOPE} and decided_at >= $2 and decided_at < $3 group by currency order by currency`,
    [scope, from, to],
  );
  return rows.rows.map((r) => ({ currency: r.currency as string, returns: r.returns as number, deltaMinor: Number(r.delta_minor), needsManagerDecisions: r.needs_manager_decisions as number }));
}

export async function openExceptions(pool: pg.Pool, scope: string[]) {
  const rows = await pool.query(`select warehouse_id, station_id, exception_id, kind, rma_no, lpn, parcel_id, created_at from exceptions where ${IN_SCOPE} and status = 'open' order by created_at limit 5000`, [scope]);
  return rows.rows;
}

export async function dayCloses(pool: pg.Pool, scope: string[], q: RangeQuery) {
  const rows = await pool.query(`select warehouse_id, station_id, day::text, status, closed_at, closed_by, times_closed, reopen_reason, payload from day_closes where ${IN_SCOPE} and day >= $2 and day <= $3 order by day, warehouse_id, station_id`, [scope, q.from, q.to]);
  return rows.rows;
}

const CSV_PAGE = 1000;

/**
 * The returns CSV for a range, one unit a row, built page by page (never the whole range in memory) with
 * the station's own rules for each column, so HQ's file and a station's file agree.
 */
export async function* returnsCsv(pool: pg.Pool, scope: string[], q: RangeQuery): AsyncGenerator<string> {
  const { from, to } = span(q);
  let after: { at: Date; warehouse: string; lpn: string } | null = null;
  let first = true;
  for (;;) {
    const page: { rows: { warehouse_id: string; lpn: string; received_at: Date; disposition: string | null; channel: string | null; acceptance: string; payload: DayUnit }[] } = await pool.query(
      `select warehouse_id, lpn, received_at, disposition, channel, acceptance, payload from units
       where ${IN_SCOPE} and received_at >= $2 and received_at < $3 and ($4::timestamptz is null or (received_at, warehouse_id, lpn) > ($4, $5, $6))
       order by received_at, warehouse_id, lpn limit ${CSV_PAGE}`,
      [scope, from, to, after?.at ?? null, after?.warehouse ?? '', after?.lpn ?? ''],
    );
    if (page.rows.length === 0) {
      if (first) yield csvPart([], true);
      return;
    }
    const last = page.rows.at(-1)!;
    after = { at: last.received_at, warehouse: last.warehouse_id, lpn: last.lpn };
    // Decisions made after receipt (corrections, a manager's) are in the typed columns.
    const units = page.rows.map((r) => ({ ...r.payload, warehouseId: r.warehouse_id, ...(r.disposition ? { disposition: r.disposition } : {}), ...(r.channel ? { channel: r.channel } : {}), acceptance: r.acceptance }));
    const warehouses = [...new Set(page.rows.map((r) => r.warehouse_id))];
    for (const wh of warehouses) {
      const mine = units.filter((u) => u.warehouseId === wh);
      const rmas = [...new Set(mine.map((u) => u.rmaNo).filter((r): r is string => !!r))];
      const [parcels, returns, refunds, returnUnits, users, catalog] = await Promise.all([
        pool.query('select parcel_id, station_id, status, rma_nos, tracking_number, weight_grams, opened_at, clerk_id from parcels where warehouse_id = $1 and parcel_id = any($2)', [wh, [...new Set(mine.map((u) => u.parcelId))]]),
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'expectedReturn' and key = any($2) and not deleted", [wh, rmas]),
        pool.query('select distinct on (rma_no) payload from refund_decisions where warehouse_id = $1 and rma_no = any($2) order by rma_no, seq desc', [wh, rmas]),
        pool.query('select payload, disposition, channel, acceptance from units where warehouse_id = $1 and rma_no = any($2)', [wh, rmas]),
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'user' and not deleted", [wh]),
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'catalog' and key = any($2) and not deleted", [wh, [...new Set(mine.map((u) => u.scan.gtin).filter(Boolean))]]),
      ]);
      const rows = dayCsvRows({
        stationId: '',
        timeZone: q.tz,
        units: mine,
        returnUnits: returnUnits.rows.map((r) => ({ ...r.payload, ...(r.disposition ? { disposition: r.disposition } : {}), ...(r.channel ? { channel: r.channel } : {}), acceptance: r.acceptance })),
        parcels: parcels.rows.map((p) => ({ id: p.parcel_id, stationId: p.station_id, status: p.status, rmaNos: p.rma_nos, ...(p.tracking_number ? { trackingNumber: p.tracking_number } : {}), ...(p.weight_grams !== null ? { weight: { grams: p.weight_grams } } : {}), openedAt: p.opened_at.toISOString(), clerkId: p.clerk_id ?? '', match: { kind: 'blind' } }) as unknown as DayParcel),
        expectedReturns: returns.rows.map((r) => r.body as ExpectedReturn),
        latestRefunds: refunds.rows.map((r) => r.payload as DayRefund),
        users: users.rows.map((r) => r.body as { id: string; name: string }),
        catalog: catalog.rows.map((r) => r.body as { gtin: string; sku?: string; name: string }),
      });
      yield csvPart(rows, first);
      first = false;
    }
  }
}

/**
 * Everything about one unit for a customer dispute or a carrier or marketplace claim: the parcel and its
 * weight, photos, every record the station sent about the parcel and the unit (scans with their times,
 * checklist answers, the decision and its reasons), the station's audit events about both (who did what),
 * exceptions and the return's refunds.
 */
export async function evidencePack(pool: pg.Pool, scope: string[], lpn: string) {
  const unit = (await pool.query(`select warehouse_id, station_id, lpn, received_at, parcel_id, rma_no, grade, disposition, channel, acceptance, clerk_id, photos, payload from units where ${IN_SCOPE} and lpn = $2 limit 1`, [scope, lpn])).rows[0];
  if (!unit) return null;
  const wh = unit.warehouse_id as string;
  const [parcel, records, exceptions, refunds, audit] = await Promise.all([
    pool.query('select * from parcels where warehouse_id = $1 and parcel_id = $2', [wh, unit.parcel_id]),
    pool.query(
      `select station_id, seq, type, created_at, payload from sync_items where warehouse_id = $1
       and (payload->>'lpn' = $2 or payload->>'code' = $2 or payload->>'id' = $3 or payload->>'parcelId' = $3) order by created_at, seq`,
      [wh, lpn, unit.parcel_id],
    ),
    pool.query('select kind, status, resolution, resolved_by, created_at, payload from exceptions where warehouse_id = $1 and (lpn = $2 or parcel_id = $3) order by created_at', [wh, lpn, unit.parcel_id]),
    unit.rma_no ? pool.query('select decided_at, seq, cause, currency, delta_minor, total_minor, status, payload from refund_decisions where warehouse_id = $1 and rma_no = $2 order by seq', [wh, unit.rma_no]) : { rows: [] },
    pool.query('select station_id, seq, at, who, action, entity, entity_id, before, after from audit_events where warehouse_id = $1 and entity_id in ($2, $3) order by at, seq', [wh, lpn, unit.parcel_id]),
  ]);
  const p = parcel.rows[0];
  const photos = [...new Set([...(p?.photos ?? []), ...(unit.photos ?? [])])] as string[];
  return {
    lpn,
    warehouseId: wh,
    unit,
    parcel: p ?? null,
    photos: photos.map((sha256) => ({ sha256, url: `/v1/reports/photos/${wh}/${sha256}` })),
    records: records.rows.map((r) => ({ at: r.created_at, station: r.station_id, seq: Number(r.seq), type: r.type, payload: r.payload })),
    exceptions: exceptions.rows,
    refunds: refunds.rows.map((r) => ({ ...r, delta_minor: Number(r.delta_minor), total_minor: Number(r.total_minor) })),
    // Who did what to the unit and its parcel, from the station's audit trail as HQ keeps it.
    audit: audit.rows.map((r) => ({ at: r.at, station: r.station_id, seq: Number(r.seq), who: r.who, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after })),
  };
}

/** A return's steps for customer service: received at the dock, each unit decided, refund or exchange, day closed. */
export async function returnTimeline(pool: pg.Pool, scope: string[], rmaNo: string) {
  const [parcels, units, refunds] = await Promise.all([
    pool.query(`select warehouse_id, station_id, parcel_id, opened_at, closed_at, status from parcels where ${IN_SCOPE} and $2 = any(rma_nos) order by opened_at`, [scope, rmaNo]),
    pool.query(`select warehouse_id, station_id, lpn, received_at, grade, disposition, channel, acceptance from units where ${IN_SCOPE} and rma_no = $2 order by received_at`, [scope, rmaNo]),
    pool.query(`select warehouse_id, station_id, decided_at, seq, currency, delta_minor, total_minor, status, payload->'exchange'->>'status' as exchange from refund_decisions where ${IN_SCOPE} and rma_no = $2 order by seq`, [scope, rmaNo]),
  ]);
  const steps: { at: string; step: string; detail: Record<string, unknown> }[] = [
    ...parcels.rows.map((p) => ({ at: p.opened_at.toISOString(), step: 'parcel_received', detail: { parcelId: p.parcel_id, station: p.station_id, warehouse: p.warehouse_id } })),
    ...units.rows.map((u) => ({ at: u.received_at.toISOString(), step: 'unit_decided', detail: { lpn: u.lpn, grade: u.grade, disposition: u.disposition, channel: u.channel, acceptance: u.acceptance } })),
    ...refunds.rows.map((r) => ({ at: r.decided_at.toISOString(), step: r.exchange ? 'exchange_decided' : 'refund_recommended', detail: { seq: r.seq, currency: r.currency, deltaMinor: Number(r.delta_minor), totalMinor: Number(r.total_minor), status: r.status, ...(r.exchange ? { exchange: r.exchange } : {}) } })),
  ];
  // The day a unit was received is closed when its station's close covers the moment.
  const stations = [...new Set(units.rows.map((u) => `${u.warehouse_id}|${u.station_id}`))];
  for (const key of stations) {
    const [wh, station] = key.split('|') as [string, string];
    const closes = await pool.query("select closed_at, payload from day_closes where warehouse_id = $1 and station_id = $2 and status = 'closed'", [wh, station]);
    for (const c of closes.rows) {
      const covers = units.rows.some((u) => u.station_id === station && u.received_at.toISOString() >= c.payload.from && u.received_at.toISOString() < c.payload.to);
      if (covers) steps.push({ at: c.closed_at.toISOString(), step: 'day_closed', detail: { station, date: c.payload.date } });
    }
  }
  return { rmaNo, steps: steps.sort((a, b) => a.at.localeCompare(b.at)) };
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
       from (select warehouse_id, rma_no, line_id, coalesce((payload->>'qty')::int, 1) as qty from units where ${IN_SCOPE} and received_at >= $2 and received_at < $3 and match in ('matched', 'serial_mismatch')) u
       left join reference_rows r on r.warehouse_id = u.warehouse_id and r.kind = 'expectedReturn' and r.key = u.rma_no
       left join lateral (select l from jsonb_array_elements(r.body->'lines') l where l->>'lineId' = u.line_id limit 1) x(line) on true
       group by 1, 2 order by 1, 2`,
      [scope, from, to],
    ),
    pool.query(`select category, sum(units_sold)::int as sold from sales_counts where ${IN_SCOPE} and day >= $2 and day <= $3 group by category`, [scope, q.from, q.to]),
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
      return { category: r.category as string, reason: r.reason as string, returned: r.returned as number, rate: s > 0 ? Math.round((r.returned / s) * 10_000) / 10_000 : null };
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
