-- A push finds its station by the station's key. With (warehouse_id, lpn_prefix) indexed as well, a plan made
-- while the table was small could take that index and read every station of the warehouse to find one; led by
-- the prefix, the same uniqueness no longer offers the warehouse alone as a way in.
alter table stations drop constraint stations_warehouse_id_lpn_prefix_key;
alter table stations add constraint stations_lpn_prefix_key unique (lpn_prefix, warehouse_id);
-- A station's token is checked on every request, its LPN prefixes read with it: by its enrolment, not by
-- reading every prefix HQ ever gave.
create index lpn_prefixes_by_station on lpn_prefixes (warehouse_id, station_id, install_id);
-- The statistics a push's plans are made by, when autovacuum does not keep them (see hq/src/statistics.ts):
-- each table changed by more than autovacuum's own threshold since it was last analyzed, one HQ at a time.
create function hq_analyze_changed() returns integer language plpgsql as $$
declare
  t regclass;
  n integer := 0;
begin
  if current_setting('autovacuum') = 'on' or not pg_try_advisory_xact_lock(hashtext('hq-statistics')) then
    return 0;
  end if;
  for t in select relid from pg_stat_user_tables where n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0) loop
    execute format('analyze %s', t);
    n := n + 1;
  end loop;
  return n;
end $$;
