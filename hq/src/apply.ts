import type pg from 'pg';
import { describeZodError } from '../../shared/errors';
import type { OutboxItem } from '../../shared/sync/protocol';
import { OUTBOX_TYPES, isOutboxType } from '../../shared/sync/outbox-types';

export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Scope {
  warehouseId: string;
  stationId: string;
}

export type Payload = Record<string, any>;

/** Finds a parcel's row (its partition key is when it was opened). */
async function parcelOpenedAt(client: pg.ClientBase, s: Scope, parcelId: string): Promise<Date> {
  const row = (await client.query<{ opened_at: Date }>('select opened_at from parcels where warehouse_id = $1 and parcel_id = $2', [s.warehouseId, parcelId])).rows[0];
  if (!row) throw new Rejection('unknown_parcel', `parcel ${parcelId} was never opened at HQ`);
  return row.opened_at;
}

async function updateParcel(client: pg.ClientBase, s: Scope, parcelId: string, set: string, values: unknown[]) {
  const openedAt = await parcelOpenedAt(client, s, parcelId);
  await client.query(`update parcels set ${set} where warehouse_id = $1 and parcel_id = $2 and opened_at = $3`, [s.warehouseId, parcelId, openedAt, ...values]);
}

export async function upsertException(client: pg.ClientBase, s: Scope, x: Payload) {
  await client.query(
    `insert into exceptions (warehouse_id, exception_id, created_at, station_id, kind, status, parcel_id, rma_no, lpn, resolution, resolved_by, resolved_at, payload)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (warehouse_id, exception_id, created_at) do update set status = excluded.status, resolution = excluded.resolution,
       resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at, payload = excluded.payload`,
    [s.warehouseId, x.id, x.createdAt, s.stationId, x.kind, x.status, x.parcelId ?? null, x.rmaNo ?? null, x.lpn ?? null, x.resolution ?? null, x.resolvedBy ?? null, x.resolvedAt ?? null, x],
  );
}

/**
 * Applies one validated record to the typed tables, inside the caller's transaction. Each record type is
 * written so applying it twice changes nothing (HQ skips repeats by sequence anyway).
 */
/** `sent` is the payload as the station sent it: what the payload columns keep, as the record log does. */
const APPLY: { [K in keyof typeof OUTBOX_TYPES]: (client: pg.ClientBase, s: Scope, p: Payload, sent: unknown) => Promise<void> } = {
  async 'parcel.opened'(c, s, p) {
    await c.query(
      `insert into parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, clerk_id)
       values ($1, $2, $3, $4, 'open', $5, $6, $7, $8) on conflict do nothing`,
      [s.warehouseId, p.id, p.openedAt, s.stationId, p.rmaNos, p.trackingNumber, p.carrier, p.clerkId],
    );
  },
  async 'parcel.returnAdded'(c, s, p) {
    await updateParcel(c, s, p.id, 'rma_nos = case when $4 = any(rma_nos) then rma_nos else rma_nos || $4 end', [p.rmaNo]);
  },
  async 'parcel.weighed'(c, s, p) {
    await updateParcel(c, s, p.id, 'weight_grams = $4, weight_source = $5', [p.weight.grams, p.weight.source]);
  },
  async 'parcel.condition'(c, s, p) {
    await updateParcel(c, s, p.id, "outer_condition = $4, status = 'inspecting'", [p.outerCondition]);
  },
  async 'parcel.carrierNoted'(c, s, p) {
    await updateParcel(c, s, p.id, 'carrier_noted = true', []);
  },
  async 'parcel.voided'(c, s, p) {
    await updateParcel(c, s, p.id, "status = 'voided', void_reason = $4, closed_at = $5", [p.reason, p.at]);
  },
  async 'parcel.reopened'(c, s, p) {
    await updateParcel(c, s, p.id, "status = 'inspecting', closed_at = null", []);
  },
  async 'parcel.completed'(c, s, p) {
    await updateParcel(c, s, p.id, 'status = $4, closed_at = $5', [p.status, p.closedAt]);
  },
  async 'parcel.closed'(c, s, p) {
    await updateParcel(c, s, p.id, "status = 'closed'", []);
  },
  async 'photo.added'(c, s, p) {
    if (p.entity === 'parcel') await updateParcel(c, s, p.parcelId, 'photos = case when $4 = any(photos) then photos else photos || $4 end', [p.sha256]);
    if (p.entity === 'unit') {
      await c.query('update units set photos = case when $3 = any(photos) then photos else photos || $3 end where warehouse_id = $1 and lpn = $2', [s.warehouseId, p.entityId, p.sha256]);
    }
  },
  async 'unit.received'(c, s, u, sent) {
    await c.query(
      `insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, photos, payload)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) on conflict do nothing`,
      [s.warehouseId, u.lpn, u.inspectedAt, s.stationId, u.parcelId, u.rmaNo ?? null, u.expectedLineId, u.match, u.grade, u.disposition ?? null, u.channel ?? null, u.acceptance, u.faultParty ?? null, u.clerkId, u.photos ?? [], sent],
    );
  },
  async 'unit.corrected'(c, s, p) {
    const r = await c.query('update units set disposition = $3, channel = $4, corrections = corrections + 1 where warehouse_id = $1 and lpn = $2', [s.warehouseId, p.lpn, p.after.disposition, p.after.channel]);
    if (r.rowCount === 0) throw new Rejection('unknown_unit', `unit ${p.lpn} was never received at HQ`);
  },
  async 'unit.decided'(c, s, p) {
    const r = await c.query('update units set acceptance = $3, disposition = $4, channel = $5, corrections = corrections + 1 where warehouse_id = $1 and lpn = $2', [s.warehouseId, p.lpn, p.after.acceptance, p.after.disposition, p.after.channel]);
    if (r.rowCount === 0) throw new Rejection('unknown_unit', `unit ${p.lpn} was never received at HQ`);
  },
  async 'labelJob.created'(c, s, p) {
    await c.query('insert into label_jobs (warehouse_id, job_id, created_at, station_id, code, kind, reprint_of) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing', [
      s.warehouseId,
      p.id,
      p.createdAt,
      s.stationId,
      p.code,
      p.kind,
      p.reprintOf,
    ]);
  },
  'exception.raised': upsertException,
  'exception.resolved': upsertException,
  async 'refund.decided'(c, s, d, sent) {
    await c.query(
      `insert into refund_decisions (warehouse_id, decision_id, decided_at, station_id, rma_no, parcel_id, seq, cause, currency, delta_minor, total_minor, status, payload)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict do nothing`,
      [s.warehouseId, d.id, d.decidedAt, s.stationId, d.rmaNo, d.parcelId, d.seq, d.cause, d.recommendation.currency, d.deltaMinor, d.recommendation.totalMinor, d.recommendation.status, sent],
    );
  },
  async 'day.closed'(c, s, d) {
    await c.query(
      `insert into day_closes (warehouse_id, station_id, day, closed_at, closed_by, payload) values ($1, $2, $3, $4, $5, $6)
       on conflict (warehouse_id, station_id, day) do update set closed_at = excluded.closed_at, closed_by = excluded.closed_by, payload = excluded.payload,
         status = 'closed', times_closed = day_closes.times_closed + 1`,
      [s.warehouseId, s.stationId, d.date, d.closedAt, d.by, d],
    );
  },
  async 'day.reopened'(c, s, d) {
    const r = await c.query("update day_closes set status = 'reopened', reopened_at = $4, reopened_by = $5, reopen_reason = $6 where warehouse_id = $1 and station_id = $2 and day = $3", [s.warehouseId, s.stationId, d.date, d.at, d.by, d.reason]);
    if (r.rowCount === 0) throw new Rejection('unknown_day', `day ${d.date} was never closed at HQ`);
  },
};

export interface ParsedItem {
  seq: number;
  type: keyof typeof OUTBOX_TYPES;
  createdAt: string;
  payload: Payload;
}

/** Validates a pushed record by its type's schema and version; a record HQ cannot read is a Rejection. */
export function parseItem(item: OutboxItem): ParsedItem {
  if (!isOutboxType(item.type)) throw new Rejection('unknown_type', `no record type ${item.type} at HQ`);
  const spec = OUTBOX_TYPES[item.type];
  if (item.v !== spec.v) throw new Rejection('unsupported_version', `${item.type} v${item.v} is not understood here (HQ reads v${spec.v})`);
  const parsed = spec.schema.safeParse(item.payload);
  if (!parsed.success) throw new Rejection('invalid_record', `${item.type}: ${describeZodError(parsed.error)}`);
  return { seq: item.seq, type: item.type, createdAt: item.createdAt, payload: parsed.data as Payload };
}

/** Validates a pushed record, then applies it. */
export async function applyItem(client: pg.ClientBase, scope: Scope, item: OutboxItem) {
  const parsed = parseItem(item);
  await APPLY[parsed.type](client, scope, parsed.payload, item.payload);
}
