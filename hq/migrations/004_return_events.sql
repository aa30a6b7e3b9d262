-- Each step of a return as it happens, for customer service and for the webhook HQ calls on each one
-- (an outbox: written in the push's transaction, delivered at least once, in order per return).
create table return_events (
  id bigserial primary key,
  warehouse_id text not null,
  rma_no text not null,
  step text not null,
  at timestamptz not null,
  detail jsonb not null,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text
);
create index return_events_pending on return_events (next_attempt_at, id) where delivered_at is null;
create index return_events_by_rma on return_events (warehouse_id, rma_no, id);
