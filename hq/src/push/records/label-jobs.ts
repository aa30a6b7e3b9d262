import type { Payload } from '../parse';
import type { RecordType } from '../record-type';

const row = (scope: { warehouseId: string; stationId: string }, p: Payload) => ({
  warehouse_id: scope.warehouseId,
  job_id: p.id,
  created_at: p.createdAt,
  station_id: scope.stationId,
  code: p.code,
  kind: p.kind,
  reprint_of: p.reprintOf,
});

/** A label the station queued (any code: a bench reprints labels of units received elsewhere). */
const created: RecordType = {
  async apply({ client, scope }, p) {
    const r = row(scope, p);
    await client.query(
      'insert into label_jobs (warehouse_id, job_id, created_at, station_id, code, kind, reprint_of) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing',
      [r.warehouse_id, r.job_id, r.created_at, r.station_id, r.code, r.kind, r.reprint_of],
    );
  },
  fold(seg, p) {
    seg.plan.labelJobs.push(row(seg.scope, p));
  },
};

export const LABEL_JOB_RECORDS = { 'labelJob.created': created } satisfies Record<string, RecordType>;
