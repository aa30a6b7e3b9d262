import type pg from 'pg';
import type { OutboxItem } from '../../../shared/sync/protocol';
import { textSafe } from './storable';
import type { PushScope } from './scope';

/**
 * Keeps every new record of a push byte for byte in the record log (`sync_items`), applied or refused, in
 * one statement for the batch: one JSON document, which PostgreSQL parses faster than pg escapes arrays of
 * JSON texts — the records as an array, or the push's body as the station sent it (its `items`). The typed
 * tables' payload columns are read from these rows.
 */
export async function keepRecords(client: pg.ClientBase, scope: PushScope, document: string, of: RecordLog['of'] = 'records') {
  await client.query({
    name: `keep-records-of-${of}`,
    text: keepRecordsSql(of, '$4'),
    values: [scope.warehouseId, scope.stationId, scope.installId, document],
  });
}

/** The record log's rows as a push keeps them: its JSON document, the records as an array or the body as sent (its `items`). */
export interface RecordLog {
  document: string;
  of: 'records' | 'body';
}

/** The insert of a document's records into the log (`$1`–`$3`: the warehouse, station and install; `param`: the document). */
export const keepRecordsSql = (of: RecordLog['of'], param: string) => {
  const records = of === 'body' ? `${param}::jsonb->'items'` : `${param}::jsonb`;
  return `insert into sync_items (warehouse_id, station_id, install_id, seq, type, v, payload, created_at)
   select $1, $2, $3, (e->>'seq')::bigint, e->>'type', (e->>'v')::int, e->'payload', (e->>'createdAt')::timestamptz
   from jsonb_array_elements(${records}) as e`;
};

/**
 * The record log kept whatever the records hold: the batch at once, else (a value PostgreSQL refuses,
 * such as a date out of its range) record by record. Returns the records it could not keep: they are
 * refused, with their text kept escaped beside the refusal, and the push goes on.
 */
export async function keepRecordsSafely(client: pg.ClientBase, scope: PushScope, records: { item: OutboxItem; json: string }[]): Promise<Set<number>> {
  const unkept = new Set<number>();
  await client.query('savepoint keep_log');
  try {
    await keepRecords(client, scope, `[${records.map((r) => r.json).join(',')}]`);
    await client.query('release savepoint keep_log');
    return unkept;
  } catch {
    await client.query('rollback to savepoint keep_log');
  }
  for (const r of records) {
    await client.query('savepoint keep_one');
    try {
      await keepRecords(client, scope, `[${r.json}]`);
      await client.query('release savepoint keep_one');
    } catch {
      await client.query('rollback to savepoint keep_one');
      unkept.add(r.item.seq);
    }
  }
  return unkept;
}

/** A record HQ refused: why, and — when it could not be kept as JSON — its text as sent, escaped. */
export async function keepRejection(client: pg.ClientBase, scope: PushScope, seq: number, code: string, message: string, raw: string | null) {
  await client.query({
    name: 'keep-rejection',
    text: 'insert into sync_rejections (warehouse_id, station_id, install_id, seq, code, message, raw) values ($1, $2, $3, $4, $5, $6, $7)',
    values: [scope.warehouseId, scope.stationId, scope.installId, seq, code, textSafe(message), raw === null ? null : textSafe(raw)],
  });
}
