-- A push reads or changes rows written by earlier pushes (a parcel weighed after it was opened, a unit corrected,
-- a unit received on a parcel opened before) by their ids. Their tables are partitioned by month, and which
-- month only the row's owner entry says. Asked within the push's one statement, the month is known only as the
-- statement runs, so PostgreSQL sets up a scan of every monthly partition each time — a push's cost growing with
-- every month HQ runs (with 26 partitions, a quarter of a small push's time). Asked here, with the month a
-- parameter of the statement, it sets up the one partition that holds the row.
--
-- Lookups see the tables as the calling statement does (stable); changes are made by the key and say whether
-- the row was there.

-- When the row of a parcel, unit… was written: its owner entry says (null when HQ has none). In plpgsql, as the
-- others: its statement's plan is kept for the connection (a SQL function's would be made again in each push).
create function hq_owned_at(w text, owned_kind text, owned_id text) returns timestamptz language plpgsql stable as $$
begin
  return (select o.at from record_owners o where o.warehouse_id = w and o.kind = owned_kind and o.id = owned_id);
end $$;

create function hq_parcel_rma_nos(w text, parcel text) returns text[] language plpgsql stable as $$
declare
  opened timestamptz;
  rmas text[];
begin
  opened := hq_owned_at(w, 'parcel', parcel);
  if opened is null then
    return null;
  end if;
  select p.rma_nos into rmas from parcels p where p.warehouse_id = w and p.parcel_id = parcel and p.opened_at = opened;
  return rmas;
end $$;

create function hq_unit_rma_no(w text, unit text) returns text language plpgsql stable as $$
declare
  received timestamptz;
  rma text;
begin
  received := hq_owned_at(w, 'unit', unit);
  if received is null then
    return null;
  end if;
  select u.rma_no into rma from units u where u.warehouse_id = w and u.lpn = unit and u.received_at = received;
  return rma;
end $$;

-- A parcel's changes folded from a segment's records (hq/src/push/segment.ts ParcelPatch): returns, photos
-- added in order and once; weight, box condition, close and void set only when a record set them.
create function hq_patch_parcel(
  w text, parcel text, add_rma text[], add_photos text[], set_weight boolean, new_weight_grams integer, new_weight_source text,
  set_condition boolean, new_outer_condition text, new_carrier_noted boolean, new_status text, set_closed boolean, new_closed_at timestamptz,
  set_void boolean, new_void_reason text
) returns boolean language plpgsql volatile as $$
declare
  opened timestamptz;
begin
  opened := hq_owned_at(w, 'parcel', parcel);
  if opened is null then
    return false;
  end if;
  update parcels p set
    rma_nos = p.rma_nos || array(select a from unnest(add_rma) with ordinality as t(a, i) where not a = any(p.rma_nos) order by i),
    photos = p.photos || array(select a from unnest(add_photos) with ordinality as t(a, i) where not a = any(p.photos) order by i),
    weight_grams = case when set_weight then new_weight_grams else p.weight_grams end,
    weight_source = case when set_weight then new_weight_source else p.weight_source end,
    outer_condition = case when set_condition then new_outer_condition else p.outer_condition end,
    carrier_noted = p.carrier_noted or coalesce(new_carrier_noted, false),
    status = coalesce(new_status, p.status),
    closed_at = case when set_closed then new_closed_at else p.closed_at end,
    void_reason = case when set_void then new_void_reason else p.void_reason end
  where p.warehouse_id = w and p.parcel_id = parcel and p.opened_at = opened;
  return found;
end $$;

-- A unit's changes folded from a segment's records (UnitPatch): acceptance, disposition and channel when set,
-- corrections counted, photos added in order and once.
create function hq_patch_unit(
  w text, unit text, new_acceptance text, set_disposition boolean, new_disposition text, new_channel text, more_corrections integer, add_photos text[]
) returns boolean language plpgsql volatile as $$
declare
  received timestamptz;
begin
  received := hq_owned_at(w, 'unit', unit);
  if received is null then
    return false;
  end if;
  update units u set
    acceptance = coalesce(new_acceptance, u.acceptance),
    disposition = case when set_disposition then new_disposition else u.disposition end,
    channel = case when set_disposition then new_channel else u.channel end,
    corrections = u.corrections + more_corrections,
    photos = u.photos || array(select a from unnest(add_photos) with ordinality as t(a, i) where not a = any(u.photos) order by i)
  where u.warehouse_id = w and u.lpn = unit and u.received_at = received;
  return found;
end $$;
