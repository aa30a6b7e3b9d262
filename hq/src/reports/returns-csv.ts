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

type PageRow = UnitRow & { container_id: string | null; exact_at: string };
type CsvUnit = ReturnType<typeof dayUnitOf>;

/** What one warehouse's units on a page need besides themselves, read together. */
interface WarehouseLookups {
  units: CsvUnit[];
  parcels: DayParcel[];
  returns: ExpectedReturn[];
  refunds: { station_id: string; payload: DayRefund }[];
  /** Every unit of the page's returns in this warehouse, this page's and others. */
  returnUnits: CsvUnit[];
  users: { id: string; name: string }[];
  catalog: { gtin: string; sku?: string; name: string }[];
}

const rowKey = (r: PageRow) => [r.exact_at, r.warehouse_id, r.lpn];

const PARCEL_COLUMNS = 'p.parcel_id, p.station_id, p.status, p.rma_nos, p.tracking_number, p.weight_grams, p.opened_at, p.clerk_id';

/**
 * Parcels by id, each in its own month: its owner row says when it was opened (a search by id alone probes
 * every month's partition). A parcel without an owner row (none should lack one) is still searched by id.
 */
async function parcelsOf(pool: pg.Pool, wh: string, ids: string[]) {
  const owned = await pool.query({
    name: 'csv-parcels',
    text: `select ${PARCEL_COLUMNS} from record_owners o join parcels p on p.warehouse_id = o.warehouse_id and p.parcel_id = o.id and p.opened_at = o.at
           where o.warehouse_id = $1 and o.kind = 'parcel' and o.id = any($2)`,
    values: [wh, ids],
  });
  if (owned.rows.length === ids.length) return owned.rows;
  const found = new Set(owned.rows.map((p) => p.parcel_id));
  const unowned = await pool.query(`select ${PARCEL_COLUMNS} from parcels p where p.warehouse_id = $1 and p.parcel_id = any($2)`, [
    wh,
    ids.filter((id) => !found.has(id)),
  ]);
  return [...owned.rows, ...unowned.rows];
}

async function lookupsFor(pool: pg.Pool, page: PageRow[], wh: string, units: CsvUnit[], users: Promise<WarehouseLookups['users']>): Promise<WarehouseLookups> {
  const rmas = [...new Set(units.map((u) => u.rmaNo).filter((r): r is string => !!r))];
  const [parcels, returns, refunds, otherUnits, people, catalog] = await Promise.all([
    parcelsOf(pool, wh, [...new Set(units.map((u) => u.parcelId))]),
    pool.query({
      name: 'csv-returns',
      text: "select body from reference_rows where warehouse_id = $1 and kind = 'expectedReturn' and key = any($2) and not deleted",
      values: [wh, rmas],
    }),
    pool.query({
      name: 'csv-refunds',
      text: "select distinct on (rma_no, station_id) station_id, payload from refund_decisions where warehouse_id = $1 and rma_no = any($2) and hq_status in ('due', 'released') order by rma_no, station_id, seq desc",
      values: [wh, rmas],
    }),
    // For the refund shares, the returns' units not on this page (most of a return's units are received
    // together: they are here already) — and of those only what a share reads of a unit.
    pool.query<UnitRow>({
      name: 'csv-return-units',
      text: `select ${SHARE_COLUMNS} from units where warehouse_id = $1 and rma_no = any($2)
             and not ((received_at, warehouse_id, lpn) >= ($3::timestamptz, $4, $5) and (received_at, warehouse_id, lpn) <= ($6::timestamptz, $7, $8))`,
      values: [wh, rmas, ...rowKey(page[0]!), ...rowKey(page.at(-1)!)],
    }),
    users,
    pool.query({
      name: 'csv-catalog',
      text: "select body from reference_rows where warehouse_id = $1 and kind = 'catalog' and key = any($2) and not deleted",
      values: [wh, [...new Set(units.map((u) => u.scan.gtin).filter((g): g is string => !!g))]],
    }),
  ]);
  return {
    units,
    parcels: parcels.map(
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
    ),
    returns: returns.rows.map((r) => r.body as ExpectedReturn),
    refunds: refunds.rows,
    returnUnits: [...units.filter((u) => u.rmaNo), ...otherUnits.rows.map(dayUnitOf)],
    users: people,
    catalog: catalog.rows.map((r) => r.body as { gtin: string; sku?: string; name: string }),
  };
}

/** A page's CSV rows in the page's order; each station's units shared out by that station's own decisions. */
function pageRows(units: CsvUnit[], lookups: WarehouseLookups[], timeZone: string): DayCsvRow[] {
  const order = new Map(units.map((u, i) => [`${u.warehouseId}|${u.lpn}`, i]));
  const rows: { at: number; row: DayCsvRow }[] = [];
  for (const l of lookups) {
    for (const station of new Set(l.units.map((u) => u.stationId))) {
      for (const row of dayCsvRows({
        stationId: station,
        timeZone,
        units: l.units.filter((u) => u.stationId === station),
        returnUnits: l.returnUnits.filter((u) => u.stationId === station),
        parcels: l.parcels,
        expectedReturns: l.returns,
        latestRefunds: l.refunds.filter((r) => r.station_id === station).map((r) => r.payload),
        users: l.users,
        catalog: l.catalog,
      })) {
        rows.push({ at: order.get(`${l.units[0]!.warehouseId}|${row.lpn}`) ?? 0, row });
      }
    }
  }
  return rows.sort((a, b) => a.at - b.at).map((r) => r.row);
}

/**
 * The returns CSV for a range, one unit a row, built page by page (never the whole range in memory) with
 * the station's own rules for each column, so HQ's file and a station's file agree. A return received at
 * two stations is split by each station's own latest decision that HQ let through.
 */
export async function* returnsCsv(pool: pg.Pool, scope: string[], q: RangeQuery): AsyncGenerator<string> {
  const { from, to } = span(q);
  // Each page with the container each unit is in now (the packing bench's), as the station's CSV says it.
  const pageAfter = (after: PageRow | null) =>
    pool.query<PageRow>({
      name: 'csv-page',
      // exact_at: the time to the microsecond, for the next page (a JS Date keeps milliseconds only).
      text: `select ${PAGE_COLUMNS}, cu.container_id, u.received_at::text as exact_at
       from units u left join container_units cu on cu.warehouse_id = u.warehouse_id and cu.lpn = u.lpn and cu.removed_at is null
       where ${UNIT_IN_SCOPE} and u.received_at >= $2 and u.received_at < $3
         and ($4::timestamptz is null or (u.received_at, u.warehouse_id, u.lpn) > ($4, $5, $6))
       order by u.received_at, u.warehouse_id, u.lpn limit ${CSV_PAGE}`,
      values: [scope, from, to, ...(after ? rowKey(after) : [null, '', ''])],
    });
  // A warehouse's people, read once for the whole file (its names, not its pages, are what a row needs).
  const users = new Map<string, Promise<WarehouseLookups['users']>>();
  const usersOf = (wh: string) => {
    if (!users.has(wh))
      users.set(
        wh,
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'user' and not deleted", [wh]).then((r) => r.rows.map((x) => x.body)),
      );
    return users.get(wh)!;
  };
  /**
   * A page and what it needs. Its lookups start once the page before has all of its own (`after`): one page's
   * lookups at a time (five statements, one warehouse after another), so a file never takes more of the pool
   * than that and the next page's query — pushes share the pool.
   */
  const load = (after: { row: PageRow; ready: Promise<unknown> } | null) => {
    const rows = pageAfter(after?.row ?? null).then((r) => r.rows);
    const ready = Promise.all([rows, after?.ready.catch(() => undefined)]).then(async ([page]) => {
      const units = page.map((row) => {
        const unit = dayUnitOf(row);
        if (row.container_id) unit.containerId = row.container_id;
        return unit;
      });
      const lookups: WarehouseLookups[] = [];
      for (const wh of new Set(units.map((u) => u.warehouseId)))
        lookups.push(
          await lookupsFor(
            pool,
            page,
            wh,
            units.filter((u) => u.warehouseId === wh),
            usersOf(wh),
          ),
        );
      return { units, lookups };
    });
    // Read ahead: a page the file stops before is never awaited.
    rows.catch(() => undefined);
    ready.catch(() => undefined);
    return { rows, ready };
  };
  let current = load(null);
  for (let first = true; ; first = false) {
    const page = await current.rows;
    if (page.length === 0) {
      if (first) yield csvPart([], true);
      return;
    }
    // The next page and what it needs are read while this one is built: PostgreSQL and this process each
    // work while the other does.
    const next = page.length < CSV_PAGE ? null : load({ row: page.at(-1)!, ready: current.ready });
    const { units, lookups } = await current.ready;
    yield csvPart(pageRows(units, lookups, q.tz), first);
    if (!next) return;
    current = next;
  }
}
