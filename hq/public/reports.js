// HQ's report page: plain DOM, text only (never HTML from data), the key kept for this tab only.
const $ = (id) => document.getElementById(id);
const status = (text, error = false) => {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
};

function params() {
  const p = new URLSearchParams({ from: $('from').value, to: $('to').value, tz: $('tz').value || 'UTC' });
  if ($('warehouse').value) p.set('warehouse', $('warehouse').value);
  return p;
}

async function get(path, as = 'json') {
  sessionStorage.setItem('hq-report-key', $('key').value);
  const res = await fetch(path, { headers: { authorization: `Bearer ${$('key').value}` } });
  if (!res.ok) {
    const body = await res.json().catch(() => ({ message: res.statusText }));
    throw new Error(body.message || `HTTP ${res.status}`);
  }
  return as === 'json' ? res.json() : res.blob();
}

function table(id, rows, columns) {
  const el = $(id);
  el.replaceChildren();
  const head = el.insertRow();
  for (const c of columns) head.appendChild(Object.assign(document.createElement('th'), { textContent: c }));
  if (rows.length === 0) el.insertRow().insertCell().textContent = '—';
  for (const r of rows) {
    const tr = el.insertRow();
    for (const c of columns) tr.insertCell().textContent = typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : String(r[c] ?? '');
  }
}

const money = (minor, currency) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
    minor / 10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2),
  );

async function show(e) {
  e?.preventDefault();
  status('Loading…');
  try {
    const p = params();
    const [intake, refunds, rate, exceptions, gifts, closes, containers, dockToStock] = await Promise.all([
      get(`/v1/reports/intake?${p}`),
      get(`/v1/reports/refunds?${p}`),
      get(`/v1/reports/return-rate?${p}`),
      get(`/v1/reports/exceptions?${p.has('warehouse') ? `warehouse=${p.get('warehouse')}` : ''}`),
      get(`/v1/reports/gift-tasks?${p}`),
      get(`/v1/reports/day-closes?${p}`),
      get(`/v1/reports/containers?${p}`),
      get(`/v1/reports/dock-to-stock?${p}`),
    ]);
    table('intake', intake.rows, ['day', 'warehouse_id', 'station_id', 'parcels', 'units']);
    table(
      'refunds',
      refunds.rows.map((r) => ({ ...r, amount: money(r.deltaMinor, r.currency) })),
      ['currency', 'returns', 'amount', 'needsManagerDecisions'],
    );
    table(
      'rate',
      rate.byCategory.map((r) => ({ ...r, rate: r.rate === null ? 'no sales loaded' : `${(r.rate * 100).toFixed(2)} %` })),
      ['category', 'returned', 'sold', 'rate'],
    );
    table('exceptions', exceptions.rows, ['created_at', 'warehouse_id', 'station_id', 'kind', 'rma_no', 'lpn']);
    table('gifts', gifts.rows, ['created_at', 'warehouse_id', 'kind', 'status', 'rma_no', 'details']);
    table('closes', closes.rows, ['day', 'warehouse_id', 'station_id', 'status', 'closed_by', 'times_closed', 'reopen_reason']);
    table(
      'containers',
      containers.rows.map((c) => ({
        ...c,
        weight: c.weight_grams === null ? '' : `${(c.weight_grams / 1000).toFixed(2)} kg`,
        units: c.units.map((u) => u.lpn).join(' '),
      })),
      ['container_id', 'warehouse_id', 'station_id', 'route', 'vendor', 'status', 'opened_at', 'closed_at', 'unit_count', 'weight', 'units'],
    );
    table('dock-to-stock-routes', dockToStock.byRoute, ['route', 'units', 'medianMinutes', 'p90Minutes']);
    table('dock-to-stock', dockToStock.units, ['lpn', 'route', 'container_id', 'scanned_at', 'closed_at', 'minutes']);
    status(`Shown for ${p.get('from')} – ${p.get('to')} (${p.get('tz')}).`);
  } catch (err) {
    status(err.message, true);
  }
}

async function csv() {
  try {
    const blob = await get(`/v1/reports/returns.csv?${params()}`, 'blob');
    const a = Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(blob),
      download: `returns-${$('warehouse').value || 'all'}-${$('from').value}-${$('to').value}.csv`,
    });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) {
    status(err.message, true);
  }
}

async function detail(path) {
  try {
    $('detail').textContent = JSON.stringify(await get(path), null, 2);
  } catch (err) {
    status(err.message, true);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const today = new Date().toISOString().slice(0, 10);
  $('from').value = today;
  $('to').value = today;
  $('key').value = sessionStorage.getItem('hq-report-key') ?? '';
  $('query').addEventListener('submit', show);
  $('csv').addEventListener('click', csv);
  $('timeline').addEventListener('click', () => detail(`/v1/reports/returns/${encodeURIComponent($('rma').value)}/timeline`));
  $('evidence').addEventListener('click', () => detail(`/v1/reports/evidence/${encodeURIComponent($('lpn').value)}`));
});
