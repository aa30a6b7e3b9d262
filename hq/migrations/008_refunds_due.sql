-- Each refund decision is due from its own receipt (the station says the day, by its policy's business days):
-- HQ reports what is due and overdue, and tells the customer's webhook once when a refund passes its day.
alter table refund_decisions add column due_on date;
alter table refund_decisions add column overdue_told_at timestamptz;
update refund_decisions set due_on = (payload->>'dueOn')::date where payload ? 'dueOn';
create index refund_decisions_due on refund_decisions (due_on) where overdue_told_at is null and due_on is not null;

-- When the customer handed a parcel to the carrier (a station reads it off the carrier's receipt).
alter table parcels add column handed_to_carrier_at timestamptz;
