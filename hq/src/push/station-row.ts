import type pg from 'pg';
import type { PushScope } from './scope';

/** The station's row after a push: its cursor, its audit head, and how it said it was. */
export interface StationAfterPush {
  lastSeq: number;
  auditHeadSeq: number;
  auditHeadHash: string | null;
  auditWhole: boolean;
  version: string | null;
  waiting: number | null;
  sentAt: string | null;
}

/** The update of the station's row, its values from parameter `$first` on (`$1`, `$2`: the warehouse and the station). */
export const stationRowUpdate = (first: number) => {
  const [seq, head, hash, whole, version, waiting, sentAt] = Array.from({ length: 7 }, (_, i) => `$${first + i}`);
  return `update stations set last_seq = ${seq}, audit_head_seq = ${head}, audit_head_hash = ${hash}, audit_whole = ${whole}, last_push_at = now(),
    app_version = coalesce(${version}::text, app_version), records_waiting = coalesce(${waiting}::int, records_waiting),
    clock_skew_ms = coalesce(least(greatest(round(extract(epoch from (${sentAt}::timestamptz - clock_timestamp())) * 1000), -2147483647), 2147483647)::int, clock_skew_ms)
    where warehouse_id = $1 and station_id = $2`;
};

export const stationRowValues = (s: StationAfterPush) => [s.lastSeq, s.auditHeadSeq, s.auditHeadHash, s.auditWhole, s.version, s.waiting, s.sentAt];

/** Writes the station's row on its own (when the push's records were not written in one statement with it). */
export async function writeStationRow(client: pg.ClientBase, scope: PushScope, s: StationAfterPush) {
  await client.query({ name: 'station-pushed', text: stationRowUpdate(3), values: [scope.warehouseId, scope.stationId, ...stationRowValues(s)] });
}
