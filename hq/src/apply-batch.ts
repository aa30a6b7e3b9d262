import type pg from 'pg';
import type { OutboxItem } from '../../shared/sync/protocol';
import { applyItem, parseItem, Rejection, upsertException, type ParsedItem, type Payload, type Scope } from './apply';
import { insertReturnEvents, recordReturnEvents, returnEventsOf, type ReturnEvent } from './return-events';

/** Records applied on their own even inside a batch: rare, and what they write depends on all before them. */
const BARRIERS = new Set(['day.closed', 'day.reopened']);

/** Thrown when a batch cannot be applied in bulk with the same outcome as record by record. */
export class NotBulkable extends Error {}

/**
 * Applies a batch's records with a handful of statements for the whole batch instead of one or two per
 * record — the same rows as applying them one by one (`applyItem`), which stays the reference:
 * new rows go in per table, each parcel's and unit's changes are folded into one update (in record order:
 * the last value set wins, added RMAs and photos keep their order), and return steps go in one statement.
 * Throws (a Rejection, or NotBulkable when a change comes before what it changes) when the caller must
 * apply the batch record by record instead, so a refused record is refused exactly as it would be alone.
 */
export async function applyBatch(client: pg.ClientBase, s: Scope, items: OutboxItem[]): Promise<void> {
  const parsed = items.map(parseItem);
  let segment: ParsedItem[] = [];
  for (const [i, item] of parsed.entries()) {
    if (!BARRIERS.has(item.type)) {
      segment.push(item);
      continue;
    }
    await applySegment(client, s, segment);
    segment = [];
    await applyItem(client, s, items[i]!);
    await recordReturnEvents(client, s, item);
  }
  await applySegment(client, s, segment);
}

interface ParcelPatch {
  parcel_id: string;
  opened_at?: string;
  add_rma: string[];
  add_photos: string[];
  set_weight?: boolean;
  weight_grams?: number;
  weight_source?: string;
  set_condition?: boolean;
  outer_condition?: string;
  carrier_noted?: boolean;
  status?: string;
  set_closed?: boolean;
  closed_at?: string | null;
  set_void?: boolean;
  void_reason?: string;
}

interface UnitPatch {
  lpn: string;
  acceptance?: string;
  set_disposition?: boolean;
  disposition?: string;
  channel?: string;
  corrections: number;
  add_photos: string[];
}

const pushNew = (list: string[], x: string) => {
  if (!list.includes(x)) list.push(x);
};

async function applySegment(client: pg.ClientBase, s: Scope, items: ParsedItem[]) {
  if (items.length === 0) return;
  // Per parcel and unit created here: its first record (the row a repeat leaves) and its last one.
  const opened = new Map<string, { seq: number; lastSeq: number; at: string }>();
  const received = new Map<string, { seq: number; lastSeq: number; rmaNo: string | null }>();
  for (const { type, seq, payload: p } of items) {
    if (type === 'parcel.opened') opened.set(p.id, { seq, at: p.openedAt, ...opened.get(p.id), lastSeq: seq });
    if (type === 'unit.received') received.set(p.lpn, { seq, rmaNo: p.rmaNo ?? null, ...received.get(p.lpn), lastSeq: seq });
  }
  const inserts = { parcels: [] as Payload[], units: [] as Payload[], labelJobs: [] as Payload[], refunds: [] as Payload[] };
  const exceptions: Payload[] = [];
  const parcels = new Map<string, ParcelPatch>();
  const units = new Map<string, UnitPatch>();
  /** Units corrected here: which return each came back on is read from the row HQ holds, if any. */
  const changedUnits = new Set<string>();

  const parcel = (id: string, seq: number) => {
    const o = opened.get(id);
    if (o && o.lastSeq > seq) throw new NotBulkable(`parcel ${id} is changed before it is opened`);
    let patch = parcels.get(id);
    if (!patch) parcels.set(id, (patch = { parcel_id: id, ...(o ? { opened_at: o.at } : {}), add_rma: [], add_photos: [] }));
    return patch;
  };
  const unit = (lpn: string, seq: number, mustExist: boolean) => {
    const r = received.get(lpn);
    if (r && r.lastSeq > seq) throw new NotBulkable(`unit ${lpn} is changed before it is received`);
    if (mustExist) changedUnits.add(lpn);
    let patch = units.get(lpn);
    if (!patch) units.set(lpn, (patch = { lpn, corrections: 0, add_photos: [] }));
    return patch;
  };

  for (const { type, seq, payload: p } of items) {
    switch (type) {
      case 'parcel.opened':
        inserts.parcels.push(p);
        break;
      case 'unit.received':
        inserts.units.push(p);
        break;
      case 'labelJob.created':
        inserts.labelJobs.push(p);
        break;
      case 'refund.decided':
        inserts.refunds.push(p);
        break;
      case 'exception.raised':
      case 'exception.resolved':
        exceptions.push(p);
        break;
      case 'parcel.returnAdded':
        pushNew(parcel(p.id, seq).add_rma, p.rmaNo);
        break;
      case 'parcel.weighed':
        Object.assign(parcel(p.id, seq), { set_weight: true, weight_grams: p.weight.grams, weight_source: p.weight.source });
        break;
      case 'parcel.condition':
        Object.assign(parcel(p.id, seq), { set_condition: true, outer_condition: p.outerCondition, status: 'inspecting' });
        break;
      case 'parcel.carrierNoted':
        parcel(p.id, seq).carrier_noted = true;
        break;
      case 'parcel.voided':
        Object.assign(parcel(p.id, seq), { status: 'voided', set_void: true, void_reason: p.reason, set_closed: true, closed_at: p.at });
        break;
      case 'parcel.reopened':
        Object.assign(parcel(p.id, seq), { status: 'inspecting', set_closed: true, closed_at: null });
        break;
      case 'parcel.completed':
        Object.assign(parcel(p.id, seq), { status: p.status, set_closed: true, closed_at: p.closedAt });
        break;
      case 'parcel.closed':
        parcel(p.id, seq).status = 'closed';
        break;
      case 'photo.added':
        if (p.entity === 'parcel') pushNew(parcel(p.parcelId, seq).add_photos, p.sha256);
        if (p.entity === 'unit') pushNew(unit(p.entityId, seq, false).add_photos, p.sha256);
        break;
      case 'unit.corrected': {
        const u = unit(p.lpn, seq, true);
        Object.assign(u, { set_disposition: true, disposition: p.after.disposition, channel: p.after.channel, corrections: u.corrections + 1 });
        break;
      }
      case 'unit.decided': {
        const u = unit(p.lpn, seq, true);
        Object.assign(u, { acceptance: p.after.acceptance, set_disposition: true, disposition: p.after.disposition, channel: p.after.channel, corrections: u.corrections + 1 });
        break;
      }
      default:
        throw new NotBulkable(`${type} is applied on its own`);
    }
  }

  // What this segment changes but an earlier push created: its partition key, and that it exists at all.
  const earlierParcels = [...parcels.values()].filter((p) => !p.opened_at).map((p) => p.parcel_id);
  const [parcelRows, unitRows] = await Promise.all([
    earlierParcels.length ? client.query<{ parcel_id: string; opened_at: Date }>('select parcel_id, opened_at from parcels where warehouse_id = $1 and parcel_id = any($2)', [s.warehouseId, earlierParcels]) : null,
    changedUnits.size ? client.query<{ lpn: string; rma_no: string | null }>('select lpn, rma_no from units where warehouse_id = $1 and lpn = any($2)', [s.warehouseId, [...changedUnits]]) : null,
  ]);
  for (const row of parcelRows?.rows ?? []) parcels.get(row.parcel_id)!.opened_at = row.opened_at.toISOString();
  for (const id of earlierParcels) if (!parcels.get(id)!.opened_at) throw new Rejection('unknown_parcel', `parcel ${id} was never opened at HQ`);
  // A unit's row is the first one received: HQ's, else this batch's first.
  const rmaOf = new Map<string, string | null>([...received].map(([lpn, r]) => [lpn, r.rmaNo]));
  for (const row of unitRows?.rows ?? []) rmaOf.set(row.lpn, row.rma_no);
  for (const lpn of changedUnits) if (!rmaOf.has(lpn)) throw new Rejection('unknown_unit', `unit ${lpn} was never received at HQ`);

  await insertRows(client, s, inserts);
  for (const x of exceptions) await upsertException(client, s, x);
  await patchParcels(client, s, [...parcels.values()]);
  await patchUnits(client, s, [...units.values()]);
  const events: ReturnEvent[] = items.flatMap((item) => returnEventsOf(s, item, (lpn) => rmaOf.get(lpn)));
  await insertReturnEvents(client, s, events);
}

const json = (rows: object[]) => JSON.stringify(rows);

async function insertRows(client: pg.ClientBase, s: Scope, rows: { parcels: Payload[]; units: Payload[]; labelJobs: Payload[]; refunds: Payload[] }) {
  // Each as in apply.ts, one statement per table; a record repeated in the batch keeps its first row.
  if (rows.parcels.length) {
    await client.query(
      `insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, clerk_id)
       select $1, p.id, p."openedAt", $2, 'open', p."rmaNos", p."trackingNumber", p.carrier, p."clerkId"
       from jsonb_array_elements($3::jsonb) with ordinality as x(payload, n),
            jsonb_to_record(x.payload) as p(id text, "openedAt" timestamptz, "rmaNos" text[], "trackingNumber" text, carrier text, "clerkId" text)
       order by x.n on conflict do nothing`,
      [s.warehouseId, s.stationId, json(rows.parcels)],
    );
  }
  if (rows.units.length) {
    await client.query(
      `insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, photos, payload)
       select $1, u.lpn, u."inspectedAt", $2, u."parcelId", u."rmaNo", u."expectedLineId", u.match, u.grade, u.disposition, u.channel, u.acceptance, u."faultParty", u."clerkId", coalesce(u.photos, '{}'), x.payload
       from jsonb_array_elements($3::jsonb) with ordinality as x(payload, n),
            jsonb_to_record(x.payload) as u(lpn text, "inspectedAt" timestamptz, "parcelId" text, "rmaNo" text, "expectedLineId" text, match text, grade text, disposition text, channel text, acceptance text, "faultParty" text, "clerkId" text, photos text[])
       order by x.n on conflict do nothing`,
      [s.warehouseId, s.stationId, json(rows.units)],
    );
  }
  if (rows.labelJobs.length) {
    await client.query(
      `insert into label_jobs (warehouse_id, job_id, created_at, station_id, code, kind, reprint_of)
       select $1, j.id, j."createdAt", $2, j.code, j.kind, j."reprintOf"
       from jsonb_array_elements($3::jsonb) with ordinality as x(payload, n),
            jsonb_to_record(x.payload) as j(id text, "createdAt" timestamptz, code text, kind text, "reprintOf" text)
       order by x.n on conflict do nothing`,
      [s.warehouseId, s.stationId, json(rows.labelJobs)],
    );
  }
  if (rows.refunds.length) {
    await client.query(
      `insert into refund_decisions (warehouse_id, decision_id, decided_at, station_id, rma_no, parcel_id, seq, cause, currency, delta_minor, total_minor, status, payload)
       select $1, d.payload->>'id', (d.payload->>'decidedAt')::timestamptz, $2, d.payload->>'rmaNo', d.payload->>'parcelId', (d.payload->>'seq')::int, d.payload->>'cause',
              d.payload->'recommendation'->>'currency', (d.payload->>'deltaMinor')::bigint, (d.payload->'recommendation'->>'totalMinor')::bigint, d.payload->'recommendation'->>'status', d.payload
       from jsonb_array_elements($3::jsonb) with ordinality as d(payload, n)
       order by d.n on conflict do nothing`,
      [s.warehouseId, s.stationId, json(rows.refunds)],
    );
  }
}

// Appends (`x || array(select … where not a = any(x))`) add only what a column does not hold, in order.
async function patchParcels(client: pg.ClientBase, s: Scope, patches: ParcelPatch[]) {
  if (patches.length === 0) return;
  await client.query(
    `update parcels p set
       rma_nos = p.rma_nos || array(select a from unnest(v.add_rma) with ordinality as t(a, i) where not a = any(p.rma_nos) order by i),
       photos = p.photos || array(select a from unnest(v.add_photos) with ordinality as t(a, i) where not a = any(p.photos) order by i),
       weight_grams = case when v.set_weight then v.weight_grams else p.weight_grams end,
       weight_source = case when v.set_weight then v.weight_source else p.weight_source end,
       outer_condition = case when v.set_condition then v.outer_condition else p.outer_condition end,
       carrier_noted = p.carrier_noted or coalesce(v.carrier_noted, false),
       status = coalesce(v.status, p.status),
       closed_at = case when v.set_closed then v.closed_at else p.closed_at end,
       void_reason = case when v.set_void then v.void_reason else p.void_reason end
     from jsonb_to_recordset($2::jsonb) as v(parcel_id text, opened_at timestamptz, add_rma text[], add_photos text[], set_weight boolean, weight_grams integer, weight_source text,
       set_condition boolean, outer_condition text, carrier_noted boolean, status text, set_closed boolean, closed_at timestamptz, set_void boolean, void_reason text)
     where p.warehouse_id = $1 and p.parcel_id = v.parcel_id and p.opened_at = v.opened_at`,
    [s.warehouseId, json(patches)],
  );
}

async function patchUnits(client: pg.ClientBase, s: Scope, patches: UnitPatch[]) {
  if (patches.length === 0) return;
  await client.query(
    `update units u set
       acceptance = coalesce(v.acceptance, u.acceptance),
       disposition = case when v.set_disposition then v.disposition else u.disposition end,
       channel = case when v.set_disposition then v.channel else u.channel end,
       corrections = u.corrections + v.corrections,
       photos = u.photos || array(select a from unnest(v.add_photos) with ordinality as t(a, i) where not a = any(u.photos) order by i)
     from jsonb_to_recordset($2::jsonb) as v(lpn text, acceptance text, set_disposition boolean, disposition text, channel text, corrections integer, add_photos text[])
     where u.warehouse_id = $1 and u.lpn = v.lpn`,
    [s.warehouseId, json(patches)],
  );
}
