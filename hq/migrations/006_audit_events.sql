-- Every audit event a station chained, whole, once HQ has checked its hash against its content and its link
-- to the event before: the station's audit trail kept at HQ too (before, HQ kept only the chain's head).
-- By install: a station enrolled again after its store was cleared starts a new chain.
create table audit_events (
  warehouse_id text not null,
  station_id text not null,
  install_id uuid not null,
  seq bigint not null,
  at timestamptz not null,
  who text not null,
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  prev_hash text not null,
  hash text not null,
  primary key (warehouse_id, station_id, install_id, seq)
);
-- The evidence pack reads a unit's and its parcel's events.
create index audit_events_entity on audit_events (warehouse_id, entity_id);
