import { claim, mineIfHeld } from '../owners';
import type { RecordType } from '../record-type';

/**
 * An exception this station raised, or its resolution: one row per exception id, changed only by the
 * station that raised it (never one HQ raised), about this station's own parcel and unit.
 */
const upsert: RecordType = {
  async apply({ client, scope }, x) {
    if (x.parcelId) await mineIfHeld(client, scope, 'parcel', x.parcelId);
    if (x.lpn) await mineIfHeld(client, scope, 'unit', x.lpn);
    const earlier = await claim(client, scope, 'exception', x.id, x.createdAt);
    const values = [
      scope.warehouseId,
      x.id,
      earlier?.at ?? x.createdAt,
      scope.stationId,
      x.kind,
      x.status,
      x.parcelId ?? null,
      x.rmaNo ?? null,
      x.lpn ?? null,
      x.resolution ?? null,
      x.resolvedBy ?? null,
      x.resolvedAt ?? null,
      x,
    ];
    await client.query(
      `insert into exceptions (warehouse_id, exception_id, created_at, station_id, kind, status, parcel_id, rma_no, lpn, resolution, resolved_by, resolved_at, payload)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       on conflict (warehouse_id, exception_id, created_at) do update set status = excluded.status, resolution = excluded.resolution,
         resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at, payload = excluded.payload`,
      values,
    );
  },
  // Rare: applied on their own as the segment is written, before its rows.
  fold(seg, _x, item) {
    seg.plan.exceptions.push(item);
  },
};

export const EXCEPTION_RECORDS = { 'exception.raised': upsert, 'exception.resolved': upsert } satisfies Record<string, RecordType>;
