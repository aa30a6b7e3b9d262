-- One warehouse, many stations: every record has one owner, and only its owner changes it.

-- Who recorded each parcel, unit (by LPN), exception and refund decision. The typed tables are partitioned
-- by time, so their keys cannot say "one LPN is one unit in a warehouse": this table does, and it is where a
-- push finds whose row a change names (`at` is the row's partition key, so the row itself is found at once).
-- install_id null: recorded before HQ kept it (any enrolment of that station may change it).
create table record_owners (
  warehouse_id text not null,
  kind text not null check (kind in ('parcel', 'unit', 'exception', 'refund')),
  id text not null,
  station_id text not null,
  install_id uuid,
  at timestamptz not null,
  primary key (warehouse_id, kind, id)
);
insert into record_owners (warehouse_id, kind, id, station_id, install_id, at)
  select distinct on (warehouse_id, parcel_id) warehouse_id, 'parcel', parcel_id, station_id, null::uuid, opened_at from parcels order by warehouse_id, parcel_id, opened_at;
insert into record_owners (warehouse_id, kind, id, station_id, install_id, at)
  select distinct on (warehouse_id, lpn) warehouse_id, 'unit', lpn, station_id, null::uuid, received_at from units order by warehouse_id, lpn, received_at;
insert into record_owners (warehouse_id, kind, id, station_id, install_id, at)
  select distinct on (warehouse_id, exception_id) warehouse_id, 'exception', exception_id, station_id, null::uuid, created_at from exceptions order by warehouse_id, exception_id, created_at;
insert into record_owners (warehouse_id, kind, id, station_id, install_id, at)
  select distinct on (warehouse_id, decision_id) warehouse_id, 'refund', decision_id, station_id, null::uuid, decided_at from refund_decisions order by warehouse_id, decision_id, decided_at;

-- Every LPN prefix HQ gave, to which enrolment: a station's units carry one of its own prefixes.
create table lpn_prefixes (
  lpn_prefix text primary key,
  warehouse_id text not null,
  station_id text not null,
  install_id uuid,
  given_at timestamptz not null default now()
);
insert into lpn_prefixes (lpn_prefix, warehouse_id, station_id, install_id) select lpn_prefix, warehouse_id, station_id, install_id from stations;

-- Once an install has sent its audit events whole, it may not go back to sending only their hashes.
alter table stations add column audit_whole boolean not null default false;
alter table stations add column last_push_at timestamptz;
-- A revoked station's codes stop working too.
alter table enrolment_codes add column revoked_at timestamptz;
alter table report_keys add column expires_at timestamptz;

-- Which station's records name each photo: a station uploads only photos its own records name.
create table photo_refs (
  warehouse_id text not null,
  sha256 text not null,
  station_id text not null,
  primary key (warehouse_id, sha256, station_id)
);
insert into photo_refs select distinct warehouse_id, unnest(photos), station_id from parcels on conflict do nothing;
insert into photo_refs select distinct warehouse_id, unnest(photos), station_id from units on conflict do nothing;
alter table blobs add column station_id text;

-- A record or an audit event whose values PostgreSQL cannot keep as JSON (a NUL, a lone surrogate): kept
-- as the text the station sent, escaped, so the push goes on and nothing is lost.
alter table sync_rejections add column raw text;
alter table audit_events add column raw text;

-- Each return's refund over every station of its warehouse: what HQ let through (due), what it holds
-- for a person (a decision past what the return is due), and the units each station accepted per line.
alter table refund_decisions add column hq_status text not null default 'due';
create table return_refunds (
  warehouse_id text not null,
  rma_no text not null,
  currency text,
  due_minor bigint not null default 0,
  held_minor bigint not null default 0,
  -- { "<station>": { "<lineId>": acceptedQty } }, from each station's latest decision
  accepted jsonb not null default '{}',
  -- the return's lines as a station knew them, when HQ holds no expected return of its own
  lines jsonb,
  conflict_id text,
  primary key (warehouse_id, rma_no)
);
insert into return_refunds (warehouse_id, rma_no, currency, due_minor)
  select warehouse_id, rma_no, min(currency), sum(delta_minor) from refund_decisions group by warehouse_id, rma_no;

-- What HQ's own people and tools did (enrol codes, revocations, keys, reference data, conflicts settled).
create table hq_audit (
  id bigserial primary key,
  at timestamptz not null default now(),
  who text not null,
  action text not null,
  target text not null,
  detail jsonb not null default '{}'
);
