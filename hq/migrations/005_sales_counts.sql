-- Units sold per warehouse, day and category (loaded with `admin sales`): the denominator of return rates.
create table sales_counts (
  warehouse_id text not null references warehouses (warehouse_id),
  day date not null,
  category text not null,
  units_sold integer not null check (units_sold >= 0),
  primary key (warehouse_id, day, category)
);
