-- How each station was when it last pushed: its version, its clock against HQ's, the records still waiting
-- behind that push; and when HQ last found its audit chain broken (a push refused for it).
alter table stations add column app_version text;
alter table stations add column clock_skew_ms integer;
alter table stations add column records_waiting integer;
alter table stations add column audit_broken_at timestamptz;
