-- The returns CSV reads a range's units page by page in the order they were received: without this, each
-- page sorted every unit of the range again (a month of a large warehouse: 25 pages × 25 000 rows).
create index units_by_time on units (received_at, warehouse_id, lpn);
