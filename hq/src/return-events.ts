import type pg from 'pg';
import type { Payload, Scope } from './apply';

export interface ReturnEvent {
  rmaNo: string;
  step: string;
  at: string;
  detail: Record<string, unknown>;
}

/**
 * The return steps one record makes (parcel received, unit decided, refund recommended or exchange
 * decided). A correction names only its LPN: `rmaOfUnit` says which return that unit came back on.
 * A day close is not here: its steps depend on what HQ holds (see `recordReturnEvents`).
 */
export function returnEventsOf(s: Scope, item: { type: string; createdAt: string; payload: unknown }, rmaOfUnit: (lpn: string) => string | null | undefined): ReturnEvent[] {
  const p = item.payload as Payload;
  const at = (rmaNo: string, step: string, when: string, detail: Record<string, unknown>): ReturnEvent => ({ rmaNo, step, at: when, detail: { station: s.stationId, ...detail } });
  switch (item.type) {
    case 'parcel.opened':
      return (p.rmaNos as string[]).map((rmaNo) => at(rmaNo, 'parcel_received', p.openedAt, { parcelId: p.id }));
    case 'parcel.returnAdded':
      return [at(p.rmaNo, 'parcel_received', item.createdAt, { parcelId: p.id })];
    case 'unit.received':
      return p.rmaNo ? [at(p.rmaNo, 'unit_decided', p.inspectedAt, { lpn: p.lpn, grade: p.grade, disposition: p.disposition ?? null, acceptance: p.acceptance })] : [];
    case 'unit.corrected':
    case 'unit.decided': {
      const rma = rmaOfUnit(p.lpn);
      return rma ? [at(rma, 'unit_decided', p.at, { lpn: p.lpn, ...p.after, by: p.by })] : [];
    }
    case 'refund.decided':
      return [
        at(p.rmaNo, p.exchange ? 'exchange_decided' : 'refund_recommended', p.decidedAt, {
          seq: p.seq,
          currency: p.recommendation.currency,
          totalMinor: p.recommendation.totalMinor,
          deltaMinor: p.deltaMinor,
          status: p.recommendation.status,
          ...(p.exchange ? { exchange: p.exchange.status } : {}),
        }),
      ];
    default:
      return [];
  }
}

/** Queues return steps for the webhook, in the order given, in one statement. */
async function insertReturnEvents(client: pg.ClientBase, s: Scope, events: ReturnEvent[]) {
  if (events.length === 0) return;
  await client.query(
    `insert into return_events (warehouse_id, rma_no, step, at, detail)
     select $1, e.rma_no, e.step, e.at, e.detail from unnest($2::text[], $3::text[], $4::timestamptz[], $5::jsonb[]) with ordinality as e(rma_no, step, at, detail, n) order by e.n`,
    [s.warehouseId, events.map((e) => e.rmaNo), events.map((e) => e.step), events.map((e) => e.at), events.map((e) => JSON.stringify(e.detail))],
  );
}

/**
 * Inside the push's transaction, after a record applied: the return steps it makes, queued for the webhook.
 */
export async function recordReturnEvents(client: pg.ClientBase, s: Scope, item: { type: string; createdAt: string; payload: unknown }): Promise<void> {
  const p = item.payload as Payload;
  if (item.type === 'day.closed') {
    const rmas = await client.query<{ rma_no: string }>('select distinct rma_no from units where warehouse_id = $1 and station_id = $2 and received_at >= $3 and received_at < $4 and rma_no is not null', [s.warehouseId, s.stationId, p.from, p.to]);
    await insertReturnEvents(
      client,
      s,
      rmas.rows.map((r) => ({ rmaNo: r.rma_no, step: 'day_closed', at: p.closedAt, detail: { station: s.stationId, date: p.date } })),
    );
    return;
  }
  let rma: string | null | undefined;
  if (item.type === 'unit.corrected' || item.type === 'unit.decided') {
    rma = (await client.query<{ rma_no: string | null }>('select rma_no from units where warehouse_id = $1 and lpn = $2', [s.warehouseId, p.lpn])).rows[0]?.rma_no;
  }
  await insertReturnEvents(client, s, returnEventsOf(s, item, () => rma));
}
