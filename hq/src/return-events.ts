import type pg from 'pg';
import type { OutboxItem } from '../../shared/sync/protocol';

interface Scope {
  warehouseId: string;
  stationId: string;
}
type Payload = Record<string, any>;

/**
 * Inside the push's transaction, after a record applied: the return steps it makes (parcel received,
 * unit decided, refund recommended or exchange decided, day closed), queued for the webhook.
 */
export async function recordReturnEvents(client: pg.ClientBase, s: Scope, item: OutboxItem): Promise<void> {
  const p = item.payload as Payload;
  const add = (rmaNo: string, step: string, at: string, detail: Record<string, unknown>) =>
    client.query('insert into return_events (warehouse_id, rma_no, step, at, detail) values ($1, $2, $3, $4, $5)', [s.warehouseId, rmaNo, step, at, { station: s.stationId, ...detail }]);
  switch (item.type) {
    case 'parcel.opened':
      for (const rmaNo of p.rmaNos as string[]) await add(rmaNo, 'parcel_received', p.openedAt, { parcelId: p.id });
      return;
    case 'parcel.returnAdded':
      await add(p.rmaNo, 'parcel_received', item.createdAt, { parcelId: p.id });
      return;
    case 'unit.received':
      if (p.rmaNo) await add(p.rmaNo, 'unit_decided', p.inspectedAt, { lpn: p.lpn, grade: p.grade, disposition: p.disposition ?? null, acceptance: p.acceptance });
      return;
    case 'unit.corrected':
    case 'unit.decided': {
      const rma = (await client.query<{ rma_no: string | null }>('select rma_no from units where warehouse_id = $1 and lpn = $2', [s.warehouseId, p.lpn])).rows[0]?.rma_no;
      if (rma) await add(rma, 'unit_decided', p.at, { lpn: p.lpn, ...p.after, by: p.by });
      return;
    }
    case 'refund.decided':
      await add(p.rmaNo, p.exchange ? 'exchange_decided' : 'refund_recommended', p.decidedAt, { seq: p.seq, currency: p.recommendation.currency, totalMinor: p.recommendation.totalMinor, deltaMinor: p.deltaMinor, status: p.recommendation.status, ...(p.exchange ? { exchange: p.exchange.status } : {}) });
      return;
    case 'day.closed': {
      const rmas = await client.query<{ rma_no: string }>('select distinct rma_no from units where warehouse_id = $1 and station_id = $2 and received_at >= $3 and received_at < $4 and rma_no is not null', [s.warehouseId, s.stationId, p.from, p.to]);
      for (const r of rmas.rows) await add(r.rma_no, 'day_closed', p.closedAt, { date: p.date });
      return;
    }
  }
}
