import type pg from 'pg';
import { ADD_RECEIPTS } from './receipts';
import { keepRecordsSql, type RecordLog } from './record-log';
import { RECORD_TYPES } from './record-types';
import type { Verdict } from './refunds-across-stations';
import { NotBulkable, type SegmentPlan } from './segment';
import type { PushScope } from './scope';
import { stationRowUpdate, stationRowValues, type StationAfterPush } from './station-row';

/** A part of the segment's statement: a CTE run when the segment's `of` list holds anything, and the count it returns. */
interface Part {
  name: string;
  of: keyof Omit<SegmentPlan, 'exceptions' | 'decisions'>;
  /** Parts that keep a record's payload read it from the record log: its rows in the table, or kept by this statement. */
  sql: string | ((log: { payload: string }) => string);
  count?: { as: keyof Counts; sql: string };
}

interface Counts {
  claimed: number;
  foreign_refs: number;
  unreceived: number;
  parcels: number;
  units: number;
  changed_parcels: number;
  changed_units: number;
}

/**
 * Where a part reads a record's payload: from the log's rows kept before the statement (an index probe each),
 * or from the log document this statement keeps — by the record's place in it, the document's records being
 * in order without gaps (a record found elsewhere reads as null, which no payload column takes).
 */
const LOG_KEPT_BEFORE = {
  payload: '(select l.payload from sync_items l where l.warehouse_id = $1 and l.station_id = $2 and l.install_id = $3 and l.seq = r.log_seq)',
};
const logKeptHere = (of: RecordLog['of']) => {
  // A path into the document (`#>`), never `->` step by step: each step would copy the whole list of records.
  const path = (...keys: string[]) => `array[${of === 'body' ? "'items', " : ''}${keys.join(', ')}]`;
  const at = `((r.log_seq - ($6::jsonb #>> ${path("'0'", "'seq'")})::bigint)::text)`;
  return { payload: `(case when ($6::jsonb #>> ${path(at, "'seq'")})::bigint = r.log_seq then $6::jsonb #> ${path(at, "'payload'")} end)` };
};

const PARTS: Part[] = [
  {
    name: 'claimed',
    of: 'claims',
    sql: `insert into record_owners (warehouse_id, kind, id, station_id, install_id, at)
      select $1, c.kind, c.id, $2, $3, c.at from jsonb_to_recordset($4::jsonb->'claims') as c(kind text, id text, at timestamptz)
      on conflict do nothing returning 1`,
    count: { as: 'claimed', sql: '(select count(*) from claimed)::int' },
  },
  {
    name: 'foreign_refs',
    of: 'refs',
    sql: `select count(*)::int as n from jsonb_to_recordset($4::jsonb->'refs') as r(kind text, id text)
      where (select o.station_id <> $2 or (o.install_id is not null and o.install_id <> $3)
             from record_owners o where o.warehouse_id = $1 and o.kind = r.kind and o.id = r.id)`,
    count: { as: 'foreign_refs', sql: '(select n from foreign_refs)' },
  },
  {
    name: 'unreceived',
    of: 'rmaRefs',
    sql: `select count(*)::int as n from jsonb_to_recordset($4::jsonb->'rmaRefs') as r(parcel_id text, rma_no text, added text[])
      cross join lateral (select hq_parcel_rma_nos($1, r.parcel_id) as rma_nos) p
      where not coalesce(p.rma_nos is not null and (r.rma_no = any(p.rma_nos) or r.rma_no = any(r.added)), false)`,
    count: { as: 'unreceived', sql: '(select n from unreceived)' },
  },
  {
    name: 'new_parcels',
    of: 'parcels',
    sql: `insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, weight_grams, weight_source, outer_condition, carrier_noted, photos, closed_at, void_reason, clerk_id)
      select warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, weight_grams, weight_source, outer_condition, carrier_noted, photos, closed_at, void_reason, clerk_id
      from jsonb_populate_recordset(null::parcels, $4::jsonb->'parcels')
      on conflict do nothing returning 1`,
    count: { as: 'parcels', sql: '(select count(*) from new_parcels)::int' },
  },
  {
    name: 'new_units',
    of: 'units',
    sql: (
      log,
    ) => `insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, photos, corrections, payload)
      select $1, r.lpn, r.received_at, $2, r.parcel_id, r.rma_no, r.line_id, r.match, r.grade, r.disposition, r.channel, r.acceptance, r.fault_party, r.clerk_id, r.photos, r.corrections, ${log.payload}
      from jsonb_to_recordset($4::jsonb->'units') as r(lpn text, received_at timestamptz, parcel_id text, rma_no text, line_id text, match text, grade text, disposition text, channel text,
             acceptance text, fault_party text, clerk_id text, photos text[], corrections integer, log_seq bigint)
      on conflict do nothing returning 1`,
    count: { as: 'units', sql: '(select count(*) from new_units)::int' },
  },
  {
    name: 'label_jobs_added',
    of: 'labelJobs',
    sql: `insert into label_jobs (warehouse_id, job_id, created_at, station_id, code, kind, reprint_of)
      select warehouse_id, job_id, created_at, station_id, code, kind, reprint_of from jsonb_populate_recordset(null::label_jobs, $4::jsonb->'labelJobs')
      on conflict do nothing`,
  },
  {
    name: 'refunds_added',
    of: 'refunds',
    sql: (
      log,
    ) => `insert into refund_decisions (warehouse_id, decision_id, decided_at, station_id, rma_no, parcel_id, seq, cause, currency, delta_minor, total_minor, status, payload, hq_status, due_on)
      select $1, r.decision_id, r.decided_at, $2, r.rma_no, r.parcel_id, r.seq, r.cause, r.currency, r.delta_minor, r.total_minor, r.status, ${log.payload},
             coalesce($5::jsonb->>r.decision_id, 'due'), r.due_on
      from jsonb_to_recordset($4::jsonb->'refunds') as r(decision_id text, decided_at timestamptz, rma_no text, parcel_id text, seq integer, cause text, currency text,
             delta_minor bigint, total_minor bigint, status text, due_on date, log_seq bigint)
      on conflict do nothing`,
  },
  {
    name: 'changed_parcels',
    of: 'parcelPatches',
    sql: `select v.parcel_id from jsonb_to_recordset($4::jsonb->'parcelPatches') as v(parcel_id text, add_rma text[], add_photos text[], set_weight boolean,
        weight_grams integer, weight_source text, set_condition boolean, outer_condition text, carrier_noted boolean, status text, set_closed boolean,
        closed_at timestamptz, set_void boolean, void_reason text)
      where hq_patch_parcel($1, v.parcel_id, v.add_rma, v.add_photos, v.set_weight, v.weight_grams, v.weight_source, v.set_condition, v.outer_condition,
        v.carrier_noted, v.status, v.set_closed, v.closed_at, v.set_void, v.void_reason)`,
    count: { as: 'changed_parcels', sql: '(select count(distinct parcel_id) from changed_parcels)::int' },
  },
  {
    name: 'changed_units',
    of: 'unitPatches',
    sql: `select v.lpn, v.must_exist from jsonb_to_recordset($4::jsonb->'unitPatches') as v(lpn text, acceptance text, set_disposition boolean, disposition text,
        channel text, corrections integer, add_photos text[], must_exist boolean)
      where hq_patch_unit($1, v.lpn, v.acceptance, v.set_disposition, v.disposition, v.channel, v.corrections, v.add_photos)`,
    count: { as: 'changed_units', sql: '(select count(distinct lpn) from changed_units where must_exist)::int' },
  },
  {
    name: 'photos_named',
    of: 'photoRefs',
    sql: `insert into photo_refs (warehouse_id, sha256, station_id) select $1, s, $2 from jsonb_array_elements_text($4::jsonb->'photoRefs') s on conflict do nothing`,
  },
  {
    name: 'receipts',
    of: 'receipts',
    sql: ADD_RECEIPTS('$1', "$4::jsonb->'receipts'"),
  },
  {
    name: 'steps',
    of: 'steps',
    sql: `insert into return_events (warehouse_id, rma_no, step, at, detail)
      select $1, e.rma_no, e.step, e.at, e.detail from (
        select coalesce(x.step->>'rma_no', hq_unit_rma_no($1, x.step->>'lpn')) as rma_no,
               case when x.step->>'step' = 'refund_recommended' and $5::jsonb->>(x.step->>'decision') = 'on_hold' then 'refund_on_hold' else x.step->>'step' end as step,
               (x.step->>'at')::timestamptz as at, x.step->'detail' as detail, x.n
        from jsonb_array_elements($4::jsonb->'steps') with ordinality as x(step, n)
      ) e
      where e.rma_no is not null
      order by e.n`,
  },
];

const COUNTS: (keyof Counts)[] = ['claimed', 'foreign_refs', 'unreceived', 'parcels', 'units', 'changed_parcels', 'changed_units'];

/** What the segment's statement also writes when the batch is this one segment: its record log ($6) and the station's row ($7 on). */
export interface WithSegment {
  log: RecordLog;
  station?: StationAfterPush;
}

/**
 * The statement for the parts a segment holds, named by them so each shape is planned once per connection.
 * Only what a segment needs is in it: a generic plan initialises every partition of every table a part reads
 * each time it runs — for a station's push of a record or two, most of PostgreSQL's time went there.
 * A part left out counts 0. Every parameter is named in the final select, whichever parts use it. With the
 * record log and the station's row, a push's records are written in one round trip.
 */
const statements = new Map<string, { name: string; text: string }>();
export function segmentStatement(plan: SegmentPlan, also?: WithSegment): { name: string; text: string } {
  let mask = 0;
  PARTS.forEach((part, i) => {
    if (plan[part.of].length > 0) mask |= 1 << i;
  });
  const key = `${mask.toString(36)}${also ? `-log-${also.log.of}` : ''}${also?.station ? '-station' : ''}`;
  let statement = statements.get(key);
  if (!statement) {
    const log = also ? logKeptHere(also.log.of) : LOG_KEPT_BEFORE;
    const chosen = PARTS.filter((_, i) => mask & (1 << i));
    const parts = [
      ...(also ? [{ name: 'kept', sql: keepRecordsSql(also.log.of, '$6') }] : []),
      ...chosen.map((p) => ({ name: p.name, sql: typeof p.sql === 'string' ? p.sql : p.sql(log) })),
      ...(also?.station ? [{ name: 'station', sql: stationRowUpdate(7) }] : []),
    ];
    const counts = COUNTS.map((as) => `${chosen.find((p) => p.count?.as === as)?.count?.sql ?? '0'} as ${as}`);
    const ctes = parts.length > 0 ? `with ${parts.map((p) => `${p.name} as (\n      ${p.sql}\n    )`).join(', ')}\n` : '';
    statement = {
      name: `apply-segment-${key}`,
      text: `${ctes}select ${counts.join(', ')}, $1::text as warehouse_id, $2::text as station_id, $3::text as install_id, $4::jsonb is not null as planned, $5::jsonb is not null as judged`,
    };
    statements.set(key, statement);
  }
  return statement;
}

/**
 * The whole segment in one statement — one round trip, one JSON document, a plan kept per connection: ids
 * claimed, new rows, changes to earlier rows, photos named, receipts, return steps (only the parts the segment
 * needs: see PARTS); payload columns are read from the record log rather than sent twice. All parts see the
 * tables as they were before the statement, which is why new rows arrive already changed and a step's return
 * is looked up only for units received before this segment. Every existing row is found by a record's key, an
 * index probe — a plan kept for a connection's life must not read a warehouse's rows to find a push's few; a
 * parcel or unit written by an earlier push is read or changed by the database's functions of migration 015,
 * which find its month first (else PostgreSQL would set up a scan of every monthly partition each time).
 * Counts come back so anything a record-by-record apply would have refused — an id already taken, a row of
 * another station, a return the parcel does not carry, a change to a row HQ never had — makes it NotBulkable
 * (the caller rolls it back and goes record by record).
 */
export async function writeSegment(
  client: pg.ClientBase,
  scope: PushScope,
  plan: SegmentPlan,
  document: string,
  verdicts: Map<string, Verdict>,
  also?: WithSegment,
) {
  for (const item of plan.exceptions) await RECORD_TYPES[item.type].apply({ client, scope, item }, item.payload);
  const values: unknown[] = [scope.warehouseId, scope.stationId, scope.installId, document, JSON.stringify(Object.fromEntries(verdicts))];
  if (also) values.push(also.log.document);
  if (also?.station) values.push(...stationRowValues(also.station));
  const counts = (await client.query<Counts>({ ...segmentStatement(plan, also), values })).rows[0]!;
  if (counts.claimed !== plan.claims.length) throw new NotBulkable('an id was already taken (a repeat, or another station’s)');
  if (counts.foreign_refs > 0) throw new NotBulkable('a row another station recorded is changed or named');
  if (counts.unreceived > 0) throw new NotBulkable('a return is named on a parcel that does not carry it');
  // Fewer rows than planned: a row HQ already held, or a change to one it never had.
  if (counts.parcels !== plan.parcels.length || counts.units !== plan.units.length) throw new NotBulkable('a new row was already at HQ');
  if (counts.changed_parcels !== plan.parcelPatches.length) throw new NotBulkable('a parcel changed here was never opened at HQ');
  if (counts.changed_units !== plan.unitPatches.filter((u) => u.must_exist).length) throw new NotBulkable('a unit changed here was never received at HQ');
}
