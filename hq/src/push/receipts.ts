import type pg from 'pg';
import type { ReceiptEntries } from './segment';
import type { PushScope } from './scope';

/**
 * What each station received for a return — its parcels and units — kept as one reference row per return
 * (`returnReceipts`), which every station of the warehouse pulls: a parcel scanned at one station says
 * what another already received for its return. Entries are appended in record order.
 */
export const ADD_RECEIPTS = (warehouse: string, entries: string) => `insert into reference_rows (warehouse_id, kind, key, body)
  select ${warehouse}, 'returnReceipts', r.rma_no, jsonb_build_object('rmaNo', r.rma_no, 'parcels', r.parcels, 'units', r.units)
  from jsonb_to_recordset(${entries}) as r(rma_no text, parcels jsonb, units jsonb)
  on conflict (warehouse_id, kind, key) do update set deleted = false, body = jsonb_build_object('rmaNo', excluded.key,
    'parcels', coalesce(reference_rows.body->'parcels', '[]'::jsonb) || (excluded.body->'parcels'),
    'units', coalesce(reference_rows.body->'units', '[]'::jsonb) || (excluded.body->'units'))`;

export async function addReceipts(client: pg.ClientBase, scope: PushScope, entries: ReceiptEntries[]) {
  if (entries.length === 0) return;
  await client.query({ name: 'add-receipts', text: ADD_RECEIPTS('$1', '$2::jsonb'), values: [scope.warehouseId, JSON.stringify(entries)] });
}

export const parcelReceipt = (scope: PushScope, parcelId: string, at: string) => ({ station: scope.stationId, parcelId, at });
export const unitReceipt = (scope: PushScope, u: { lpn: string; inspectedAt: string; expectedLineId: string | null; acceptance: string }) => ({
  station: scope.stationId,
  lpn: u.lpn,
  at: u.inspectedAt,
  lineId: u.expectedLineId,
  acceptance: u.acceptance,
});
