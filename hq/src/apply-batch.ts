import type pg from 'pg';
import type { OutboxItem } from '../../shared/sync/protocol';
import { applyItem, parseItem, upsertException, type ParsedItem, type Scope } from './apply';
import { NotBulkable, planSegment, type SegmentPlan } from './batch-plan';
import { recordReturnEvents } from './return-events';

/** Records applied on their own even inside a batch: rare, and what they write depends on all before them. */
const BARRIERS = new Set(['day.closed', 'day.reopened']);

/** A batch as it will be written: stretches of records folded into rows, and the barriers between them. */
export type BatchPlan = ({ segment: SegmentPlan; document: string } | { barrier: ParsedItem; item: OutboxItem })[];

/**
 * Validates and folds a batch's records (pure: nothing is read or written, so it runs while PostgreSQL
 * stores the record log). Throws a Rejection, or NotBulkable when a change comes before what it changes:
 * the caller then applies the batch record by record, so a refused record is refused exactly as alone.
 */
export function planBatch(s: Scope, items: OutboxItem[]): BatchPlan {
  const plan: BatchPlan = [];
  let segment: ParsedItem[] = [];
  const flush = () => {
    if (segment.length > 0) {
      const planned = planSegment(s, segment);
      // Serialized here, with the planning, so a push made ready before its lock sends it straight away.
      const { exceptions: _, ...rows } = planned;
      plan.push({ segment: planned, document: JSON.stringify(rows) });
    }
    segment = [];
  };
  for (const [i, item] of items.map(parseItem).entries()) {
    if (!BARRIERS.has(item.type)) {
      segment.push(item);
      continue;
    }
    flush();
    plan.push({ barrier: item, item: items[i]! });
  }
  flush();
  return plan;
}

/**
 * Writes a planned batch, whose records are already in the record log (`keepRecords`): one statement per
 * stretch between barriers instead of one or two per record — the same rows as applying them one by one
 * (`applyItem`), which stays the reference. Throws NotBulkable when a change names a row HQ does not hold.
 */
export async function writeBatch(client: pg.ClientBase, s: Scope, installId: string, plan: BatchPlan): Promise<void> {
  for (const step of plan) {
    if ('segment' in step) {
      await writeSegment(client, s, installId, step.segment, step.document);
      continue;
    }
    await applyItem(client, s, step.item);
    await recordReturnEvents(client, s, step.barrier);
  }
}

/** Plans and writes a batch already in the record log (see `planBatch`, `writeBatch`). */
export async function applyBatch(client: pg.ClientBase, s: Scope, installId: string, items: OutboxItem[]): Promise<void> {
  await writeBatch(client, s, installId, planBatch(s, items));
}

/**
 * The whole segment in one statement — one round trip, one JSON document, a plan kept per connection: new
 * rows, changes to earlier rows, return steps; payload columns are read from the record log's rows rather
 * than sent twice. All parts see the tables as they were before the statement, which is why new rows
 * arrive already changed and a step's return is looked up only for units received before this segment.
 * Counts come back so a change to a row HQ does not hold is caught.
 */
async function writeSegment(client: pg.ClientBase, s: Scope, installId: string, plan: SegmentPlan, rows: string) {
  for (const x of plan.exceptions) await upsertException(client, s, x);
  const counts = (
    await client.query<{ parcels: number; units: number; changed_parcels: number; changed_units: number }>({
      name: 'apply-segment',
      text: `with new_parcels as (
         insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, weight_grams, weight_source, outer_condition, carrier_noted, photos, closed_at, void_reason, clerk_id)
         select warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, weight_grams, weight_source, outer_condition, carrier_noted, photos, closed_at, void_reason, clerk_id
         from jsonb_populate_recordset(null::parcels, $4::jsonb->'parcels')
         on conflict do nothing returning 1
       ), new_units as (
         insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, photos, corrections, payload)
         select $1, r.lpn, r.received_at, $2, r.parcel_id, r.rma_no, r.line_id, r.match, r.grade, r.disposition, r.channel, r.acceptance, r.fault_party, r.clerk_id, r.photos, r.corrections, (select l.payload from sync_items l where l.warehouse_id = $1 and l.station_id = $2 and l.install_id = $3 and l.seq = r.log_seq)
         from jsonb_to_recordset($4::jsonb->'units') as r(lpn text, received_at timestamptz, parcel_id text, rma_no text, line_id text, match text, grade text, disposition text, channel text,
                acceptance text, fault_party text, clerk_id text, photos text[], corrections integer, log_seq bigint)
         on conflict do nothing returning 1
       ), label_jobs_added as (
         insert into label_jobs (warehouse_id, job_id, created_at, station_id, code, kind, reprint_of)
         select warehouse_id, job_id, created_at, station_id, code, kind, reprint_of from jsonb_populate_recordset(null::label_jobs, $4::jsonb->'labelJobs')
         on conflict do nothing
       ), refunds_added as (
         insert into refund_decisions (warehouse_id, decision_id, decided_at, station_id, rma_no, parcel_id, seq, cause, currency, delta_minor, total_minor, status, payload)
         select $1, r.decision_id, r.decided_at, $2, r.rma_no, r.parcel_id, r.seq, r.cause, r.currency, r.delta_minor, r.total_minor, r.status, (select l.payload from sync_items l where l.warehouse_id = $1 and l.station_id = $2 and l.install_id = $3 and l.seq = r.log_seq)
         from jsonb_to_recordset($4::jsonb->'refunds') as r(decision_id text, decided_at timestamptz, rma_no text, parcel_id text, seq integer, cause text, currency text,
                delta_minor bigint, total_minor bigint, status text, log_seq bigint)
         on conflict do nothing
       ), changed_parcels as (
         update parcels p set
           rma_nos = p.rma_nos || array(select a from unnest(v.add_rma) with ordinality as t(a, i) where not a = any(p.rma_nos) order by i),
           photos = p.photos || array(select a from unnest(v.add_photos) with ordinality as t(a, i) where not a = any(p.photos) order by i),
           weight_grams = case when v.set_weight then v.weight_grams else p.weight_grams end,
           weight_source = case when v.set_weight then v.weight_source else p.weight_source end,
           outer_condition = case when v.set_condition then v.outer_condition else p.outer_condition end,
           carrier_noted = p.carrier_noted or coalesce(v.carrier_noted, false),
           status = coalesce(v.status, p.status),
           closed_at = case when v.set_closed then v.closed_at else p.closed_at end,
           void_reason = case when v.set_void then v.void_reason else p.void_reason end
         from jsonb_to_recordset($4::jsonb->'parcelPatches') as v(parcel_id text, add_rma text[], add_photos text[], set_weight boolean, weight_grams integer, weight_source text,
           set_condition boolean, outer_condition text, carrier_noted boolean, status text, set_closed boolean, closed_at timestamptz, set_void boolean, void_reason text)
         where p.warehouse_id = $1 and p.parcel_id = v.parcel_id
         returning p.parcel_id
       ), changed_units as (
         update units u set
           acceptance = coalesce(v.acceptance, u.acceptance),
           disposition = case when v.set_disposition then v.disposition else u.disposition end,
           channel = case when v.set_disposition then v.channel else u.channel end,
           corrections = u.corrections + v.corrections,
           photos = u.photos || array(select a from unnest(v.add_photos) with ordinality as t(a, i) where not a = any(u.photos) order by i)
         from jsonb_to_recordset($4::jsonb->'unitPatches') as v(lpn text, acceptance text, set_disposition boolean, disposition text, channel text, corrections integer, add_photos text[], must_exist boolean)
         where u.warehouse_id = $1 and u.lpn = v.lpn
         returning u.lpn, v.must_exist
       ), steps as (
         insert into return_events (warehouse_id, rma_no, step, at, detail)
         select $1, e.rma_no, e.step, e.at, e.detail from (
           select coalesce(x.step->>'rma_no', (select u.rma_no from units u where u.warehouse_id = $1 and u.lpn = x.step->>'lpn' order by u.received_at limit 1)) as rma_no,
                  x.step->>'step' as step, (x.step->>'at')::timestamptz as at, x.step->'detail' as detail, x.n
           from jsonb_array_elements($4::jsonb->'steps') with ordinality as x(step, n)
         ) e
         where e.rma_no is not null
         order by e.n
       )
       select (select count(*) from new_parcels)::int as parcels, (select count(*) from new_units)::int as units,
              (select count(distinct parcel_id) from changed_parcels)::int as changed_parcels,
              (select count(distinct lpn) from changed_units where must_exist)::int as changed_units`,
      values: [s.warehouseId, s.stationId, installId, rows],
    })
  ).rows[0]!;
  // Fewer rows than planned: a row HQ already held (a repeat across pushes), or a change to one it never had.
  if (counts.parcels !== plan.parcels.length || counts.units !== plan.units.length) throw new NotBulkable('a new row was already at HQ');
  if (counts.changed_parcels !== plan.parcelPatches.length) throw new NotBulkable('a parcel changed here was never opened at HQ');
  if (counts.changed_units !== plan.unitPatches.filter((u) => u.must_exist).length) throw new NotBulkable('a unit changed here was never received at HQ');
}
