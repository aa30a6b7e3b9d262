import type pg from 'pg';
import type { RangeQuery } from '../../../shared/hq-api/routes';
import { csvPart, dayCsvRows, type DayCsvRow } from '../../../shared/reports/day-csv';
import type { DayParcel, DayRefund, DayUnit } from '../../../shared/reports/day-report';
import type { ExpectedReturn } from '../../../shared/returns/records/expected-return';
import { IN_SCOPE, span } from './readers';

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

/**
 * A unit as the station's CSV rules read it, from HQ's typed columns first (they hold later decisions too)
 * and the record as sent for the rest — whatever the record left out that its schema allows.
 */
export function dayUnitOf(r: UnitRow): DayUnit & { warehouseId: string; stationId: string } {
  const p = r.payload ?? {};
  const scan = (typeof p.scan === 'object' && p.scan !== null ? p.scan : {}) as Record<string, unknown>;
  const qty = typeof p.qty === 'number' && Number.isInteger(p.qty) && p.qty > 0 ? p.qty : 1;
  return {
    ...(p as object),
    warehouseId: r.warehouse_id,
    stationId: r.station_id,
    lpn: r.lpn,
    parcelId: r.parcel_id,
    ...(r.rma_no ? { rmaNo: r.rma_no } : {}),
    expectedLineId: r.line_id,
    match: r.match,
    grade: r.grade,
    ...(r.disposition ? { disposition: r.disposition } : {}),
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.fault_party ? { faultParty: r.fault_party } : {}),
    acceptance: r.acceptance,
    inspectedAt: r.received_at.toISOString(),
    clerkId: r.clerk_id,
    qty,
    scan: { ...scan, raw: typeof scan.raw === 'string' ? scan.raw : '', ...(typeof scan.gtin === 'string' ? { gtin: scan.gtin } : { gtin: undefined }) },
  } as DayUnit & { warehouseId: string; stationId: string };
}

/**
 * The returns CSV for a range, one unit a row, built page by page (never the whole range in memory) with
 * the station's own rules for each column, so HQ's file and a station's file agree. A return received at
 * two stations is split by each station's own latest decision that HQ let through.
 */
export async function* returnsCsv(pool: pg.Pool, scope: string[], q: RangeQuery): AsyncGenerator<string> {
  const { from, to } = span(q);
  let after: { at: Date; warehouse: string; lpn: string } | null = null;
  let first = true;
  for (;;) {
    const page: { rows: UnitRow[] } = await pool.query(
      `select ${UNIT_COLUMNS} from units
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
    // The container each unit is in now (the packing bench's), as the station's CSV says it.
    const inContainer = new Map(
      (
        await pool.query<{ warehouse_id: string; lpn: string; container_id: string }>(
          `select warehouse_id, lpn, container_id from container_units where ${IN_SCOPE} and lpn = any($2) and removed_at is null`,
          [scope, page.rows.map((u) => u.lpn)],
        )
      ).rows.map((c) => [`${c.warehouse_id}|${c.lpn}`, c.container_id]),
    );
    const units = page.rows.map((row) => {
      const unit = dayUnitOf(row);
      const container = inContainer.get(`${row.warehouse_id}|${row.lpn}`);
      return container ? { ...unit, containerId: container } : unit;
    });
    const order = new Map(units.map((u, i) => [`${u.warehouseId}|${u.lpn}`, i]));
    const rows: { at: number; row: DayCsvRow }[] = [];
    for (const wh of new Set(units.map((u) => u.warehouseId))) {
      const mine = units.filter((u) => u.warehouseId === wh);
      const rmas = [...new Set(mine.map((u) => u.rmaNo).filter((r): r is string => !!r))];
      const [parcels, returns, refunds, returnUnits, users, catalog] = await Promise.all([
        pool.query(
          'select parcel_id, station_id, status, rma_nos, tracking_number, weight_grams, opened_at, clerk_id from parcels where warehouse_id = $1 and parcel_id = any($2)',
          [wh, [...new Set(mine.map((u) => u.parcelId))]],
        ),
        pool.query("select body from reference_rows where warehouse_id = $1 and kind = 'expectedReturn' and key = any($2) and not deleted", [wh, rmas]),
        pool.query(
          "select distinct on (rma_no, station_id) station_id, payload from refund_decisions where warehouse_id = $1 and rma_no = any($2) and hq_status in ('due', 'released') order by rma_no, station_id, seq desc",
          [wh, rmas],
        ),
        pool.query<UnitRow>(`select ${UNIT_COLUMNS} from units where warehouse_id = $1 and rma_no = any($2)`, [wh, rmas]),
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
