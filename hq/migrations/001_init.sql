-- HQ schema, version 1. Every primary and unique key starts with warehouse_id, so the schema can be
-- distributed by warehouse_id (Citus) when one PostgreSQL is outgrown: see hq/README.md.

create table warehouses (
  warehouse_id text primary key,
  name text not null,
  -- Bumped when HQ rebuilds the warehouse's reference data: stations then refetch it whole.
  ref_epoch integer not null default 1,
  created_at timestamptz not null default now()
);

create table stations (
  warehouse_id text not null references warehouses,
  station_id text not null,
  lpn_prefix text not null,
  install_id uuid,
  token_hash text,
  enrolled_at timestamptz,
  revoked_at timestamptz,
  -- The cursor: the last sequence number applied (or rejected) from the enrolled install.
  last_seq bigint not null default 0,
  audit_head_seq bigint not null default 0,
  audit_head_hash text,
  primary key (warehouse_id, station_id),
  unique (warehouse_id, lpn_prefix)
);

create table enrolment_codes (
  warehouse_id text not null,
  station_id text not null,
  code_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (warehouse_id, station_id, code_hash),
  foreign key (warehouse_id, station_id) references stations
);

-- Every record a station pushed, byte for byte as it sent it: the source the typed tables are built from.
create table sync_items (
  warehouse_id text not null,
  station_id text not null,
  install_id uuid not null,
  seq bigint not null,
  type text not null,
  v integer not null,
  payload jsonb not null,
  created_at timestamptz not null,
  received_at timestamptz not null default now(),
  primary key (warehouse_id, station_id, install_id, seq)
);

create table sync_rejections (
  warehouse_id text not null,
  station_id text not null,
  install_id uuid not null,
  seq bigint not null,
  code text not null,
  message text not null,
  created_at timestamptz not null default now(),
  primary key (warehouse_id, station_id, install_id, seq)
);

-- What HQ reports on, typed; partitioned by month on the time the record happened.
create table parcels (
  warehouse_id text not null,
  parcel_id text not null,
  opened_at timestamptz not null,
  station_id text not null,
  status text not null,
  rma_nos text[] not null default '{}',
  tracking_number text,
  carrier text,
  weight_grams integer,
  weight_source text,
  outer_condition text,
  carrier_noted boolean not null default false,
  photos text[] not null default '{}',
  closed_at timestamptz,
  void_reason text,
  clerk_id text,
  primary key (warehouse_id, parcel_id, opened_at)
) partition by range (opened_at);

create table units (
  warehouse_id text not null,
  lpn text not null,
  received_at timestamptz not null,
  station_id text not null,
  parcel_id text not null,
  rma_no text,
  line_id text,
  match text not null,
  grade text not null,
  disposition text,
  channel text,
  acceptance text not null,
  fault_party text,
  clerk_id text not null,
  photos text[] not null default '{}',
  corrections integer not null default 0,
  payload jsonb not null,
  primary key (warehouse_id, lpn, received_at)
) partition by range (received_at);

create table refund_decisions (
  warehouse_id text not null,
  decision_id text not null,
  decided_at timestamptz not null,
  station_id text not null,
  rma_no text not null,
  parcel_id text not null,
  seq integer not null,
  cause text not null,
  currency text not null,
  delta_minor bigint not null,
  total_minor bigint not null,
  status text not null,
  payload jsonb not null,
  primary key (warehouse_id, decision_id, decided_at)
) partition by range (decided_at);

create table exceptions (
  warehouse_id text not null,
  exception_id text not null,
  created_at timestamptz not null,
  station_id text not null,
  kind text not null,
  status text not null,
  parcel_id text,
  rma_no text,
  lpn text,
  resolution text,
  resolved_by text,
  resolved_at timestamptz,
  payload jsonb not null,
  primary key (warehouse_id, exception_id, created_at)
) partition by range (created_at);

create table label_jobs (
  warehouse_id text not null,
  job_id text not null,
  created_at timestamptz not null,
  station_id text not null,
  code text not null,
  kind text not null,
  reprint_of text,
  primary key (warehouse_id, job_id, created_at)
) partition by range (created_at);

create table day_closes (
  warehouse_id text not null,
  station_id text not null,
  day date not null,
  closed_at timestamptz not null,
  closed_by text not null,
  payload jsonb not null,
  primary key (warehouse_id, station_id, day)
);

create table blobs (
  warehouse_id text not null,
  sha256 text not null,
  bytes bytea not null,
  size integer not null,
  received_at timestamptz not null default now(),
  primary key (warehouse_id, sha256)
);

-- Reference data the stations pull, stamped with the writing transaction's id: a page is served only
-- below the oldest transaction still running, so a slow writer's rows are never skipped.
create table reference_rows (
  warehouse_id text not null,
  kind text not null,
  key text not null,
  body jsonb,
  deleted boolean not null default false,
  xid xid8 not null default pg_current_xact_id(),
  primary key (warehouse_id, kind, key)
);
create index reference_rows_by_xid on reference_rows (warehouse_id, xid, kind, key);

create function reference_rows_stamp() returns trigger language plpgsql as $$
begin
  new.xid := pg_current_xact_id();
  return new;
end $$;
create trigger reference_rows_stamp before update on reference_rows for each row execute function reference_rows_stamp();

-- LPN prefixes, company-wide (see hq/src/enrol.ts).
create sequence lpn_prefix_seq start 1;
