-- Work stations hand to HQ because only HQ can finish it: carrier claims, virtual gifts to reverse,
-- recycling points to award. Opened by a station (its owner), moved on at HQ, each step told to the customer.
alter table record_owners drop constraint record_owners_kind_check;
alter table record_owners add constraint record_owners_kind_check check (kind in ('parcel', 'unit', 'exception', 'refund', 'task'));
create table hq_tasks (
  warehouse_id text not null,
  task_id text not null,
  kind text not null,
  station_id text not null,
  parcel_id text not null,
  rma_no text,
  status text not null,
  amount_minor bigint,
  currency text,
  points bigint,
  due_by timestamptz,
  photos text[] not null default '{}',
  created_at timestamptz not null,
  -- each move at HQ: { status, at, by, note }
  history jsonb not null default '[]',
  payload jsonb not null,
  primary key (warehouse_id, task_id)
);
create index hq_tasks_open on hq_tasks (warehouse_id, kind, status, created_at);
