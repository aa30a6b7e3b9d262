import { containerHasPrefix } from '../../../../shared/sync/lpn-prefix';
import { claim, mine } from '../owners';
import type { ApplyContext, RecordType } from '../record-type';

/**
 * The packing bench, as a station records it: its containers (opened, closed, reopened) and the units it puts
 * in and takes out. A container is its station's record; only that station's own units go into it. Rare next
 * to units: each is applied on its own.
 */

const myContainer = (ctx: ApplyContext, id: string) =>
  mine(ctx.client, ctx.scope, 'container', id, 'unknown_container', `container ${id} was never opened at HQ`);
const myUnit = (ctx: ApplyContext, lpn: string) => mine(ctx.client, ctx.scope, 'unit', lpn, 'unknown_unit', `unit ${lpn} was never received at HQ`);

const opened: RecordType = {
  notYours: (scope, c) =>
    containerHasPrefix(c.id, scope.lpnPrefixes) ? null : `container ${c.id} does not carry a prefix HQ gave this station (${scope.lpnPrefixes.join(', ')})`,
  async apply(ctx, c) {
    if (await claim(ctx.client, ctx.scope, 'container', c.id, c.openedAt)) return;
    await ctx.client.query(
      `insert into containers (warehouse_id, container_id, station_id, route, vendor, status, opened_at, opened_by, payload)
       values ($1, $2, $3, $4, $5, 'open', $6, $7, $8)`,
      [ctx.scope.warehouseId, c.id, ctx.scope.stationId, c.route, c.vendor ?? null, c.openedAt, c.openedBy, ctx.item.sent],
    );
  },
};

const unitAdded: RecordType = {
  async apply(ctx, a) {
    await Promise.all([myContainer(ctx, a.containerId), myUnit(ctx, a.lpn)]);
    const { client, scope } = ctx;
    // A move ends the unit's row in the container it left (the station sends the removal first, in the same push).
    await client.query(
      `update container_units set removed_at = $3, removed_by = $4, reason = coalesce(reason, $5)
       where warehouse_id = $1 and lpn = $2 and removed_at is null and container_id <> $6`,
      [scope.warehouseId, a.lpn, a.at, a.by, a.reason ?? 'moved', a.containerId],
    );
    await client.query(
      `insert into container_units (warehouse_id, container_id, lpn, added_at, added_by, reason)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [scope.warehouseId, a.containerId, a.lpn, a.at, a.by, a.reason ?? null],
    );
  },
};

const unitRemoved: RecordType = {
  async apply(ctx, r) {
    await Promise.all([myContainer(ctx, r.containerId), myUnit(ctx, r.lpn)]);
    await ctx.client.query(
      `update container_units set removed_at = $4, removed_by = $5, reason = $6
       where warehouse_id = $1 and container_id = $2 and lpn = $3 and removed_at is null`,
      [ctx.scope.warehouseId, r.containerId, r.lpn, r.at, r.by, r.reason],
    );
  },
};

const closed: RecordType = {
  async apply(ctx, c) {
    await myContainer(ctx, c.id);
    await ctx.client.query(
      `update containers set status = 'closed', closed_at = $3, closed_by = $4, unit_count = $5, weight_grams = $6, weight_source = $7,
         payload = payload || jsonb_build_object('lpns', $8::jsonb, 'manifestJobId', $9::text)
       where warehouse_id = $1 and container_id = $2`,
      [ctx.scope.warehouseId, c.id, c.at, c.by, c.lpns.length, c.weightGrams, c.weightSource, JSON.stringify(c.lpns), c.manifestJobId ?? null],
    );
  },
};

const reopened: RecordType = {
  async apply(ctx, r) {
    await myContainer(ctx, r.id);
    await ctx.client.query(
      `update containers set status = 'open', closed_at = null, closed_by = null, unit_count = null, weight_grams = null, weight_source = null,
         reopened = reopened || jsonb_build_array(jsonb_build_object('at', $3::text, 'by', $4::text, 'reason', $5::text))
       where warehouse_id = $1 and container_id = $2`,
      [ctx.scope.warehouseId, r.id, r.at, r.by, r.reason],
    );
  },
};

const relabelled: RecordType = {
  async apply(ctx, r) {
    await myUnit(ctx, r.lpn);
    await ctx.client.query(
      `insert into unit_relabels (warehouse_id, lpn, at, station_id, by_who, gtin, label_job_id) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
      [ctx.scope.warehouseId, r.lpn, r.at, ctx.scope.stationId, r.by, r.gtin ?? null, r.labelJobId],
    );
  },
};

export const CONTAINER_RECORDS = {
  'container.opened': opened,
  'container.unitAdded': unitAdded,
  'container.unitRemoved': unitRemoved,
  'container.closed': closed,
  'container.reopened': reopened,
  'unit.relabelled': relabelled,
} satisfies Record<string, RecordType>;
