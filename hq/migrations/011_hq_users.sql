-- The people who use HQ's console: each signs in with a password (kept as a scrypt hash), has one role,
-- and sees one warehouse or all. Sessions live in a cookie whose secret HQ keeps only as a hash; every
-- sign-in, failure, lockout and change is kept as an event.
create table hq_users (
  login text primary key,
  name text not null,
  role text not null check (role in ('admin', 'operations', 'finance', 'customer_service', 'viewer')),
  -- null: every warehouse
  warehouse_id text references warehouses (warehouse_id),
  password_hash text not null,
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);
create table hq_sessions (
  token_hash text primary key,
  login text not null references hq_users (login),
  csrf text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index hq_sessions_by_login on hq_sessions (login);
create table hq_user_events (
  id bigserial primary key,
  at timestamptz not null default now(),
  login text,
  action text not null,
  detail jsonb not null default '{}',
  address text
);
create index hq_user_events_by_login on hq_user_events (login, at);
-- The zone a warehouse's days are counted in (the console's "today", its day figures).
alter table warehouses add column time_zone text not null default 'Asia/Shanghai';
