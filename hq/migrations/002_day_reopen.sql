-- A day a manager reopened stays listed with who reopened it and why, until it is closed again.
alter table day_closes add column status text not null default 'closed';
alter table day_closes add column reopened_at timestamptz;
alter table day_closes add column reopened_by text;
alter table day_closes add column reopen_reason text;
alter table day_closes add column times_closed integer not null default 1;
