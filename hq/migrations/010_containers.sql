-- The packing bench: containers a station opens for a route (and a vendor), the units it puts in them,
-- and their close (count, weight, manifest). A container is its station's record, as a unit is.
alter table record_owners drop constraint record_owners_kind_check;
alter table record_owners add constraint record_owners_kind_check check (kind in ('parcel', 'unit', 'exception', 'refund', 'task', 'container'));
create table containers (
  warehouse_id text not null,
  container_id text not null,
  station_id text not null,
  route text not null,
  vendor text,
  status text not null,
  opened_at timestamptz not null,
  opened_by text not null,
  closed_at timestamptz,
  closed_by text,
  unit_count integer,
  weight_grams integer,
  weight_source text,
  -- each reopening: { at, by, reason }
  reopened jsonb not null default '[]',
  payload jsonb not null,
  primary key (warehouse_id, container_id)
);
create index containers_by_route on containers (warehouse_id, route, vendor, status);
-- Which container a unit is in now (one at most), and since when: a move or a removal ends the row.
create table container_units (
  warehouse_id text not null,
  container_id text not null,
  lpn text not null,
  added_at timestamptz not null,
  added_by text not null,
  removed_at timestamptz,
  removed_by text,
  reason text,
  -- a unit may leave a container and go into another within the same millisecond
  primary key (warehouse_id, lpn, container_id, added_at)
);
create unique index container_units_now on container_units (warehouse_id, lpn) where removed_at is null;
create index container_units_by_container on container_units (warehouse_id, container_id) where removed_at is null;
-- A unit labelled for the shelf (restock): when and by whom, each time.
create table unit_relabels (
  warehouse_id text not null,
  lpn text not null,
  at timestamptz not null,
  station_id text not null,
  by_who text not null,
  gtin text,
  label_job_id text not null,
  primary key (warehouse_id, lpn, at)
);
