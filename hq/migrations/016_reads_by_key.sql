-- The console's search finds a return by what a person has in hand through an index each: its order number,
-- the tracking numbers the return expects, the customer's id (its RMA is the key already). Before, one
-- condition over all of them read every expected return of every warehouse for each search (~0.4 s at
-- 1.5 M returns). Only expected returns are indexed: the rows pushes keep (receipts) are not.
create index reference_rows_return_order on reference_rows (warehouse_id, (body->>'orderNo')) where kind = 'expectedReturn';
create index reference_rows_return_customer on reference_rows (warehouse_id, (body->'customer'->>'id')) where kind = 'expectedReturn';
create index reference_rows_return_tracking on reference_rows using gin ((body->'trackingNumbers')) where kind = 'expectedReturn';

-- A return's timeline and a unit's evidence find HQ's tasks by return and by parcel: before, each read every
-- task of the company (~9 ms of a timeline's 11 at 10 M rows).
create index hq_tasks_by_return on hq_tasks (warehouse_id, rma_no);
create index hq_tasks_by_parcel on hq_tasks (warehouse_id, parcel_id);

-- Where autovacuum does not run, HQ's keeper analyzes what changed (migration 014); autoanalyze also merges a
-- GIN index's pending entries, which a plain analyze does not — and every search by such an index reads them
-- one by one until then (~3 ms a month's parcels by return, per search, measured at 10 M rows). The keeper now
-- merges them for each table it analyzes.
create or replace function hq_analyze_changed() returns integer language plpgsql as $$
declare
  t regclass;
  i regclass;
  n integer := 0;
begin
  if current_setting('autovacuum') = 'on' or not pg_try_advisory_xact_lock(hashtext('hq-statistics')) then
    return 0;
  end if;
  for t in select relid from pg_stat_user_tables where n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0) loop
    execute format('analyze %s', t);
    for i in select x.indexrelid from pg_index x join pg_class c on c.oid = x.indexrelid join pg_am a on a.oid = c.relam
             where x.indrelid = t and a.amname = 'gin' and c.relkind = 'i' loop
      perform gin_clean_pending_list(i);
    end loop;
    n := n + 1;
  end loop;
  return n;
end $$;
