-- Reads that stay fast as HQ grows (benchmarked at 10 M rows, test/bench/scenarios/hq-reads.ts):
-- the returns CSV reads a range's units page by page in the order they were received: without this, each
-- page sorted every unit of the range again (a month of a large warehouse: 25 pages × 25 000 rows);
create index units_by_time on units (received_at, warehouse_id, lpn);
-- the console's search finds a return by the tracking number on its parcel: without this, every parcel.
create index parcels_by_tracking on parcels (warehouse_id, tracking_number);
