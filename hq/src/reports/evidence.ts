import type pg from 'pg';
import { HqError } from '../errors';
import { IN_SCOPE, inScope } from './readers';

/**
 * Everything about one unit for a customer dispute or a carrier or marketplace claim: the parcel and its
 * weight, photos, every record the station sent about the parcel and the unit (scans with their times,
 * checklist answers, the decision and its reasons), the station's audit events about both (who did what),
 * exceptions and the return's refunds.
 */
export async function evidencePack(pool: pg.Pool, scope: string[], lpn: string) {
  // One LPN is one unit in a warehouse (its owner row says which): a key over every warehouse names the one it means.
  const units = (
    await pool.query(
      `select u.warehouse_id, u.station_id, u.lpn, u.received_at, u.parcel_id, u.rma_no, u.grade, u.disposition, u.channel, u.acceptance, u.clerk_id, u.photos, u.payload
       from record_owners o join units u on u.warehouse_id = o.warehouse_id and u.lpn = o.id and u.received_at = o.at
       where ${inScope('o.warehouse_id')} and o.kind = 'unit' and o.id = $2 order by o.warehouse_id`,
      [scope, lpn],
    )
  ).rows;
  if (units.length > 1) throw new HqError('conflict', `${lpn} names a unit in ${units.map((u) => u.warehouse_id).join(' and ')}: ask with ?warehouse=.`);
  const unit = units[0];
  if (!unit) return null;
  const wh = unit.warehouse_id as string;
  const [parcel, records, exceptions, refunds, audit, tasks] = await Promise.all([
    pool.query('select * from parcels where warehouse_id = $1 and parcel_id = $2', [wh, unit.parcel_id]),
    pool.query(
      // What HQ refused (another station's record naming this unit, say) is not evidence.
      `select i.station_id, i.seq, i.type, i.created_at, i.payload from sync_items i where i.warehouse_id = $1
       and (i.payload->>'lpn' = $2 or i.payload->>'code' = $2 or i.payload->>'id' = $3 or i.payload->>'parcelId' = $3)
       and not exists (select 1 from sync_rejections r where r.warehouse_id = i.warehouse_id and r.station_id = i.station_id and r.install_id = i.install_id and r.seq = i.seq)
       order by i.created_at, i.seq`,
      [wh, lpn, unit.parcel_id],
    ),
    pool.query(
      'select kind, status, resolution, resolved_by, created_at, payload from exceptions where warehouse_id = $1 and (lpn = $2 or parcel_id = $3) order by created_at',
      [wh, lpn, unit.parcel_id],
    ),
    unit.rma_no
      ? pool.query(
          'select station_id, decided_at, seq, cause, currency, delta_minor, total_minor, status, hq_status, payload from refund_decisions where warehouse_id = $1 and rma_no = $2 order by decided_at, seq',
          [wh, unit.rma_no],
        )
      : { rows: [] },
    pool.query(
      'select station_id, seq, at, who, action, entity, entity_id, before, after from audit_events where warehouse_id = $1 and station_id = $4 and entity_id in ($2, $3) order by at, seq',
      [wh, lpn, unit.parcel_id, unit.station_id],
    ),
    // A carrier claim (and any other HQ work) about the parcel: its photos are part of the evidence.
    pool.query(
      'select task_id, kind, status, amount_minor, currency, points, photos, created_at, history, payload from hq_tasks where warehouse_id = $1 and parcel_id = $2 order by created_at',
      [wh, unit.parcel_id],
    ),
  ]);
  const p = parcel.rows[0];
  const photos = [...new Set([...(p?.photos ?? []), ...(unit.photos ?? []), ...tasks.rows.flatMap((t) => t.photos as string[])])] as string[];
  return {
    lpn,
    warehouseId: wh,
    unit,
    parcel: p ?? null,
    // A manager accepted it without the photos its policy wanted (no camera): who, why, which photos.
    photosWaived: (unit.payload as { photoWaiver?: unknown } | null)?.photoWaiver ?? null,
    photos: photos.map((sha256) => ({ sha256, url: `/v1/reports/photos/${wh}/${sha256}` })),
    records: records.rows.map((r) => ({ at: r.created_at, station: r.station_id, seq: Number(r.seq), type: r.type, payload: r.payload })),
    exceptions: exceptions.rows,
    tasks: tasks.rows.map((t) => ({
      ...t,
      amount_minor: t.amount_minor === null ? null : Number(t.amount_minor),
      photos: (t.photos as string[]).map((sha) => ({ sha256: sha, url: `/v1/reports/photos/${wh}/${sha}` })),
    })),
    refunds: refunds.rows.map((r) => ({ ...r, delta_minor: Number(r.delta_minor), total_minor: Number(r.total_minor) })),
    // Who did what to the unit and its parcel, from the station's audit trail as HQ keeps it.
    audit: audit.rows.map((r) => ({
      at: r.at,
      station: r.station_id,
      seq: Number(r.seq),
      who: r.who,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
    })),
  };
}

/** A return's steps for customer service: received at the dock, each unit decided, refund or exchange, day closed. */
export async function returnTimeline(pool: pg.Pool, scope: string[], rmaNo: string) {
  // Read together, in two trips: what HQ holds of the return, then the day closes and names it mentions.
  const [parcels, units, refunds, tasks] = await Promise.all([
    pool.query(
      `select warehouse_id, station_id, parcel_id, opened_at, closed_at, status, tracking_number, carrier, weight_grams, weight_source, outer_condition, photos, clerk_id
       from parcels where ${IN_SCOPE} and rma_nos @> array[$2::text] order by opened_at`,
      [scope, rmaNo],
    ),
    pool.query(
      `select warehouse_id, station_id, lpn, parcel_id, received_at, grade, disposition, channel, acceptance, clerk_id, photos, match, payload->'scan'->>'gtin' as gtin,
              coalesce(payload->'answers', '{}'::jsonb) as answers
       from units where ${IN_SCOPE} and rma_no = $2 order by received_at`,
      [scope, rmaNo],
    ),
    pool.query(
      `select warehouse_id, station_id, decided_at, seq, currency, delta_minor, total_minor, status, hq_status, payload->'exchange'->>'status' as exchange from refund_decisions where ${IN_SCOPE} and rma_no = $2 order by decided_at, seq`,
      [scope, rmaNo],
    ),
    // Claims, gift reversals and recycling points HQ handles for this return.
    pool.query(
      `select warehouse_id, station_id, task_id, kind, status, amount_minor, currency, points, created_at, history from hq_tasks where ${IN_SCOPE} and rma_no = $2 order by created_at`,
      [scope, rmaNo],
    ),
  ]);
  const steps: { at: string; step: string; detail: Record<string, unknown> }[] = [
    ...parcels.rows.map((p) => ({
      at: p.opened_at.toISOString(),
      step: 'parcel_received',
      detail: { parcelId: p.parcel_id, station: p.station_id, warehouse: p.warehouse_id },
    })),
    ...units.rows.map((u) => ({
      at: u.received_at.toISOString(),
      step: 'unit_decided',
      detail: { lpn: u.lpn, grade: u.grade, disposition: u.disposition, channel: u.channel, acceptance: u.acceptance },
    })),
    ...refunds.rows.map((r) => ({
      at: r.decided_at.toISOString(),
      step: r.exchange ? 'exchange_decided' : r.hq_status === 'on_hold' ? 'refund_on_hold' : r.hq_status === 'denied' ? 'refund_denied' : 'refund_recommended',
      detail: {
        station: r.station_id,
        seq: r.seq,
        currency: r.currency,
        deltaMinor: Number(r.delta_minor),
        totalMinor: Number(r.total_minor),
        status: r.status,
        hqStatus: r.hq_status,
        ...(r.exchange ? { exchange: r.exchange } : {}),
      },
    })),
  ];
  // The day a unit was received is closed when its station's close covers the moment.
  const stations = [...new Map(units.rows.map((u) => [`${u.warehouse_id}|${u.station_id}`, u])).values()];
  const warehouses = [...new Set([...parcels.rows, ...units.rows].map((r) => r.warehouse_id as string))];
  const [closes, reference] = await Promise.all([
    pool.query(
      // Only the days around the units' (a local day is within a day of its UTC date), not a station's every close.
      `select warehouse_id, station_id, closed_at, payload from day_closes
       where (warehouse_id, station_id) in (select * from unnest($1::text[], $2::text[])) and status = 'closed'
         and day between ($3::timestamptz at time zone 'UTC')::date - 2 and ($4::timestamptz at time zone 'UTC')::date + 2
       order by warehouse_id, station_id, day`,
      [stations.map((u) => u.warehouse_id), stations.map((u) => u.station_id), units.rows[0]?.received_at ?? null, units.rows.at(-1)?.received_at ?? null],
    ),
    // Names, not codes: the return as HQ holds it, its products and the people who handled it.
    pool.query(
      `select warehouse_id, kind, key, body from reference_rows where warehouse_id = any($1) and not deleted
         and ((kind = 'expectedReturn' and key = $2) or (kind = 'catalog' and key = any($3)) or (kind = 'user' and key = any($4)))`,
      [
        warehouses.length ? warehouses : scope,
        rmaNo,
        units.rows.map((u) => u.gtin).filter(Boolean),
        [...new Set([...parcels.rows, ...units.rows].map((r) => r.clerk_id).filter(Boolean))],
      ],
    ),
  ]);
  for (const c of closes.rows) {
    const covers = units.rows.some(
      (u) =>
        u.warehouse_id === c.warehouse_id &&
        u.station_id === c.station_id &&
        u.received_at.toISOString() >= c.payload.from &&
        u.received_at.toISOString() < c.payload.to,
    );
    if (covers) steps.push({ at: c.closed_at.toISOString(), step: 'day_closed', detail: { station: c.station_id, date: c.payload.date } });
  }
  const ref = (kind: string) => reference.rows.filter((r) => r.kind === kind);
  const expected = ref('expectedReturn')[0]?.body ?? null;
  if (expected?.customer) delete expected.customer.contactHash;
  return {
    rmaNo,
    steps: steps.sort((a, b) => a.at.localeCompare(b.at)),
    expected,
    parcels: parcels.rows.map((p) => ({
      ...p,
      photos: (p.photos as string[]).map((sha) => ({ sha256: sha, url: `/v1/reports/photos/${p.warehouse_id}/${sha}` })),
    })),
    units: units.rows.map((u) => ({
      ...u,
      photos: (u.photos as string[]).map((sha) => ({ sha256: sha, url: `/v1/reports/photos/${u.warehouse_id}/${sha}` })),
    })),
    refunds: refunds.rows.map((r) => ({ ...r, delta_minor: Number(r.delta_minor), total_minor: Number(r.total_minor) })),
    tasks: tasks.rows.map((t) => ({
      ...t,
      amount_minor: t.amount_minor === null ? null : Number(t.amount_minor),
      points: t.points === null ? null : Number(t.points),
    })),
    products: Object.fromEntries(ref('catalog').map((c) => [c.key, c.body?.name ?? c.key])),
    people: Object.fromEntries(ref('user').map((u) => [u.key, u.body?.name ?? u.key])),
  };
}
