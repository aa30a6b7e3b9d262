import type pg from 'pg';
import type { OutboxItem } from '../../shared/sync/protocol';
import type { Scope } from './apply';

/**
 * Keeps every new record of a push byte for byte in the record log (`sync_items`), applied or refused,
 * in one statement for the batch: one JSON document, which PostgreSQL parses faster than pg escapes
 * arrays of JSON texts. The typed tables' payload columns are read from these rows.
 */
export async function keepRecords(client: pg.ClientBase, scope: Scope, installId: string, document: string) {
  await client.query({
    name: 'keep-records',
    text: `insert into sync_items (warehouse_id, station_id, install_id, seq, type, v, payload, created_at)
           select $1, $2, $3, (e->>'seq')::bigint, e->>'type', (e->>'v')::int, e->'payload', (e->>'createdAt')::timestamptz from jsonb_array_elements($4::jsonb) as e`,
    values: [scope.warehouseId, scope.stationId, installId, document],
  });
}

/** The document `keepRecords` stores: the records as the station sent them, in order. */
export function recordLogDocument(items: OutboxItem[]): string {
  return JSON.stringify(items);
}
