-- Keys for the people and systems that read HQ's reports (finance, customer service): only hashes kept.
create table report_keys (
  key_hash text primary key,
  name text not null,
  -- null: every warehouse
  warehouse_id text references warehouses (warehouse_id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index units_by_rma on units (warehouse_id, rma_no);
create index parcels_by_rma on parcels using gin (rma_nos);
create index refund_decisions_by_rma on refund_decisions (warehouse_id, rma_no, seq);
