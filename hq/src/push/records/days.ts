import { RecordRefused } from '../../errors';
import type { RecordType } from '../record-type';
import { insertReturnSteps } from '../return-steps';

/**
 * A station's day closed (its figures) or reopened. Applied on their own, even inside a batch: rare, and the
 * steps a close makes (each return received that day) depend on everything before it.
 */
const closed: RecordType = {
  async apply({ client, scope }, d) {
    await client.query(
      `insert into day_closes (warehouse_id, station_id, day, closed_at, closed_by, payload) values ($1, $2, $3, $4, $5, $6)
       on conflict (warehouse_id, station_id, day) do update set closed_at = excluded.closed_at, closed_by = excluded.closed_by, payload = excluded.payload,
         status = 'closed', times_closed = day_closes.times_closed + 1`,
      [scope.warehouseId, scope.stationId, d.date, d.closedAt, d.by, d],
    );
    const rmas = await client.query<{ rma_no: string }>(
      'select distinct rma_no from units where warehouse_id = $1 and station_id = $2 and received_at >= $3 and received_at < $4 and rma_no is not null',
      [scope.warehouseId, scope.stationId, d.from, d.to],
    );
    await insertReturnSteps(
      client,
      scope,
      rmas.rows.map((r) => ({ rmaNo: r.rma_no, step: 'day_closed', at: d.closedAt, detail: { station: scope.stationId, date: d.date } })),
    );
  },
};

const reopened: RecordType = {
  async apply({ client, scope }, d) {
    const r = await client.query(
      "update day_closes set status = 'reopened', reopened_at = $4, reopened_by = $5, reopen_reason = $6 where warehouse_id = $1 and station_id = $2 and day = $3",
      [scope.warehouseId, scope.stationId, d.date, d.at, d.by, d.reason],
    );
    if (r.rowCount === 0) throw new RecordRefused('unknown_day', `day ${d.date} was never closed at HQ`);
  },
};

export const DAY_RECORDS = { 'day.closed': closed, 'day.reopened': reopened } satisfies Record<string, RecordType>;
