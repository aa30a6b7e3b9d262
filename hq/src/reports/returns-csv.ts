import type pg from 'pg';
import type { RangeQuery } from '../../../shared/hq-api/routes';
import { csvPart, dayCsvRows, type DayCsvRow } from '../../../shared/reports/day-csv';
import type { DayParcel, DayRefund, DayUnit } from '../../../shared/reports/day-report';
import type { ExpectedReturn } from '../../../shared/returns/records/expected-return';
import { inScope, span } from './readers';

const CSV_PAGE = 1000;

interface UnitRow {
  warehouse_id: string;
  station_id: string;
  lpn: string;
  received_at: Date;
  parcel_id: string;
  rma_no: string | null;
  line_id: string | null;
  match: string;
  grade: string;
  disposition: string | null;
  channel: string | null;
  acceptance: string;
  fault_party: string | null;
  clerk_id: string;
  payload: Record<string, unknown> | null;
}

const UNIT_COLUMNS =
  'warehouse_id, station_id, lpn, received_at, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, payload';
/** The same columns of units `u` (joined with its container). */
const PAGE_COLUMNS = UNIT_COLUMNS.split(', ')
  .map((c) => `u.${c}`)
  .join(', ');
/** The same columns, of the payload only its quantity: what a refund share reads of a unit. */
const SHARE_COLUMNS = UNIT_COLUMNS.replace('payload', "jsonb_build_object('qty', payload->'qty') as payload");
const UNIT_IN_SCOPE = inScope('u.warehouse_id');

/**
 * A unit as the station's CSV rules read it, from HQ's typed columns first (they hold later decisions too)
 * and the record as sent for the rest — whatever the record left out that its schema allows.
 */
export function dayUnitOf(r: UnitRow): DayUnit & { warehouseId: string; stationId: string } {
  const p = r.payload ?? {};
  const scan = (typeof p.scan === 'object' && p.scan !== null ? p.scan : {}) as Record<string, unknown>;
  // Copied with Object.assign, then set field by field: an object spread from the payload and then grown
  // field by field is ~100× slower in V8 (25 µs a unit), and a month's CSV reads tens of thousands of units.
  const u: Record<string, unknown> = Object.assign({}, p);
  u.warehouseId = r.warehouse_id;
  u.stationId = r.station_id;
  u.lpn = r.lpn;
  u.parcelId = r.parcel_id;
  if (r.rma_no) u.rmaNo = r.rma_no;
  u.expectedLineId = r.line_id;
  u.match = r.match;
  u.grade = r.grade;
  if (r.disposition) u.disposition = r.disposition;
  if (r.channel) u.channel = r.channel;
  if (r.fault_party) u.faultParty = r.fault_party;
  u.acceptance = r.acceptance;
  u.inspectedAt = r.received_at.toISOString();
  u.clerkId = r.clerk_id;
  u.qty = typeof p.qty === 'number' && Number.isInteger(p.qty) && p.qty > 0 ? p.qty : 1;
  u.scan = { ...scan, raw: typeof scan.raw === 'string' ? scan.raw : '', gtin: typeof scan.gtin === 'string' ? scan.gtin : undefined };
  return u as unknown as DayUnit & { warehouseId: string; stationId: string };
}

/**
 * The returns CSV for a range, one unit a row, built page by page (never the whole range in memory) with
 * the station's own rules for each column, so HQ's file and a station's file agree. A return received at
 * two stations is split by each station's own latest decision that HQ let through.
 */
export async function* returnsCsv(pool: pg.Pool, scope: string[], q: RangeQuery): AsyncGenerator<string> {
  const { from, to } = span(q);
  // Each page with the container each unit is in now (the packing bench's), as the station's CSV says it.
  const pageAfter = (after: { exact_at: string; warehouse_id: string; lpn: string } | null) =>
    pool.query<UnitRow & { container_id: string | null; exact_at: string }>(
      // exact_at: the time to the microsecond, for the next page (a JS Date keeps milliseconds only).
      `select ${PAGE_COLUMNS}, cu.container_id, u.received_at::text as exact_at
       from units u left join container_units cu on cu.warehouse_id = u.warehouse_id and cu.lpn = u.lpn and cu.removed_at is null
       where ${UNIT_IN_SCOPE} and u.received_at >= $2 and u.received_at < $3
         and ($4::timestamptz is null or (u.received_at, u.warehouse_id, u.lpn) > ($4, $5, $6))
       order by u.received_at, u.warehouse_id, u.lpn limit ${CSV_PAGE}`,
      [scope, from, to, after?.exact_at ?? null, after?.warehouse_id ?? '', after?.lpn ?? ''],
    );
  let next = pageAfter(null);
  let first = true;
  for (;;) {
    const page = await next;
    if (page.rows.length === 0) {
      if (first) yield csvPart([], true);
      return;
    }
    // The next page is read while this one's returns, parcels and refunds are: one wait less a page.
    next = page.rows.length < CSV_PAGE ? Promise.resolve({ rows: [] } as unknown as typeof page) : pageAfter(page.rows.at(-1)!);
    next.catch(() => undefined);
    const units = page.rows.map((row) => {
      const unit = dayUnitOf(row);
      if (row.container_id) unit.containerId = row.container_id;
      return unit;
    });
    const order = new Map(units.map((u, i) => [`${u.warehouseId}|${u.lpn}`, i]));
    const rows: { at: number; row: DayCsvRow }[] = [];
    for (const wh of new Set(units.map((u) => u.warehouseId))) {
      const mine = units.filter((u) => u.warehouseId === wh);
      const rmas = [...new Set(mine.map((u) => u.rmaNo).filter((r): r is string => !!r))];
      const [parcels, returns, refunds, returnUnits, users, catalog] = await Promise.all([
        // A parcel is opened before its units are received (a day's slack for a station's clock): the months after are not searched.
        pool.query(
          "select parcel_id, station_id, status, rma_nos, tracking_number, weight_grams, opened_at, clerk_id from parcels where warehouse_id = $1 and parcel_id = any($2) and opened_at <= $3::timestamptz + interval '1 day'",
          [wh, [...new Set(mine.map((u) => u.parcelId))], page.rows.at(-1)!.exact_at],
        ),
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'expectedReturn' and key = any($2) and not deleted", [wh, rmas]),
        pool.query(
          "select distinct on (rma_no, station_id) station_id, payload from refund_decisions where warehouse_id = $1 and rma_no = any($2) and hq_status in ('due', 'released') order by rma_no, station_id, seq desc",
          [wh, rmas],
        ),
        // For the refund shares only: what they read of a unit (its quantity is all they need of the payload).
        pool.query<UnitRow>(`select ${SHARE_COLUMNS} from units where warehouse_id = $1 and rma_no = any($2)`, [wh, rmas]),
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'user' and not deleted", [wh]),
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'catalog' and key = any($2) and not deleted", [
          wh,
          [...new Set(mine.map((u) => u.scan.gtin).filter((g): g is string => !!g))],
        ]),
      ]);
      const allOfReturns = returnUnits.rows.map(dayUnitOf);
      const parcelRows = parcels.rows.map(
        (p) =>
          ({
            id: p.parcel_id,
            stationId: p.station_id,
            status: p.status,
            rmaNos: p.rma_nos,
            ...(p.tracking_number ? { trackingNumber: p.tracking_number } : {}),
            ...(p.weight_grams !== null ? { weight: { grams: p.weight_grams } } : {}),
            openedAt: p.opened_at.toISOString(),
            clerkId: p.clerk_id ?? '',
            match: { kind: 'blind' },
          }) as unknown as DayParcel,
      );
      // Each station's units are shared out by that station's own decisions.
      for (const station of new Set(mine.map((u) => u.stationId))) {
        for (const row of dayCsvRows({
          stationId: station,
          timeZone: q.tz,
          units: mine.filter((u) => u.stationId === station),
          returnUnits: allOfReturns.filter((u) => u.stationId === station),
          parcels: parcelRows,
          expectedReturns: returns.rows.map((r) => r.body as ExpectedReturn),
          latestRefunds: refunds.rows.filter((r) => r.station_id === station).map((r) => r.payload as DayRefund),
          users: users.rows.map((r) => r.body as { id: string; name: string }),
          catalog: catalog.rows.map((r) => r.body as { gtin: string; sku?: string; name: string }),
        })) {
          rows.push({ at: order.get(`${wh}|${row.lpn}`) ?? 0, row });
        }
      }
    }
    yield csvPart(
      rows.sort((a, b) => a.at - b.at).map((r) => r.row),
      first,
    );
    first = false;
  }
}
