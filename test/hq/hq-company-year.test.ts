import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findReturns } from '../../hq/src/reports/find';
import { returnsCsv } from '../../hq/src/reports/returns-csv';
import { loadCompanyYear } from '../helpers/company-year';
import { freshHqDatabase } from '../helpers/hq-database';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
const NOW = new Date('2026-12-01T00:00:00.000Z');
const YEAR_AGO = new Date(NOW.getTime() - 360 * 86_400_000);
// 1 300 returns of two units each: 2 600 units, three pages of the CSV for the whole company.
const RETURNS = 1300;

beforeAll(async () => {
  hq = await freshHqDatabase();
  await loadCompanyYear(hq.pool, RETURNS, YEAR_AGO);
}, 120_000);
afterAll(async () => {
  await hq?.drop();
});

async function csvRows(scope: string[], from: string, to: string) {
  let text = '';
  for await (const part of returnsCsv(hq.pool, scope, { from, to, tz: 'Asia/Shanghai' })) text += part;
  return Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}

describe('the returns CSV over more units than a page', () => {
  // The times are PostgreSQL's, to the microsecond: a page that ended on one must not start the next with it again.
  it('has every unit of the range once, in the order received, with its container and its share of the refund', async () => {
    const rows = await csvRows([], '2025-12-01', '2026-12-01');
    expect(rows).toHaveLength(2 * RETURNS);
    expect(new Set(rows.map((r) => r.lpn)).size).toBe(2 * RETURNS);
    // Unit 2i and 2i + 1 came in parcel i, one second apart; parcel i after parcel i - 1.
    expect(rows.map((r) => r.lpn)).toEqual(Array.from({ length: 2 * RETURNS }, (_, n) => `U${n}`));
    // A quarter of the parcels' units went into containers (company-year.ts: (i / 10) mod 4 = 0).
    const boxed = rows.filter((r) => r.container !== '');
    expect(boxed.length).toBe(2 * Array.from({ length: RETURNS }, (_, i) => i).filter((i) => Math.floor(i / 10) % 4 === 0).length);
    expect(rows.find((r) => r.lpn === 'U0')!.container).toBe('K0-0');
    expect(rows.find((r) => r.lpn === 'U20')!.container).toBe('');
    // Each return's two units share its refund: line amounts, to the cent.
    expect(rows.filter((r) => r.rma === 'R27').map((r) => r['refund-amount'])).toEqual(['113.00', '113.00']);
  });

  it('reads one warehouse across pages of the company without mixing in another’s', async () => {
    const rows = await csvRows(['WH-03'], '2025-12-01', '2026-12-01');
    expect(rows).toHaveLength(2 * (RETURNS / 10));
    expect(rows.every((r) => r.station?.endsWith('3'))).toBe(true);
  });

  it('reads ahead without taking more of the pool than a page’s lookups and the next page (pushes share it)', async () => {
    let inFlight = 0;
    let most = 0;
    const query = hq.pool.query.bind(hq.pool);
    const counting = ((...args: Parameters<typeof query>) => {
      most = Math.max(most, ++inFlight);
      return (query(...args) as unknown as Promise<unknown>).finally(() => inFlight--);
    }) as typeof query;
    const pool = Object.assign(Object.create(hq.pool), { query: counting });
    let rows = 0;
    // Every warehouse of the company: ten warehouses' lookups on each page.
    for await (const part of returnsCsv(pool, [], { from: '2025-12-01', to: '2026-12-01', tz: 'Asia/Shanghai' })) rows += part.split('\r\n').length - 1;
    expect(rows - 1).toBe(2 * RETURNS);
    expect(most).toBeLessThanOrEqual(7);
  });

  // WH-03's parcels have owner rows as pushes leave them (found in their month); the others' are found by id.
  it('names every unit’s parcel, found by its owner row or without one', async () => {
    for (const scope of [[], ['WH-03']]) {
      const rows = await csvRows(scope, '2025-12-01', '2026-12-01');
      expect(rows.filter((r) => !/^SF\d+$/.test(r['parcel-tracking'] ?? '') || r['weight-g'] === '')).toEqual([]);
    }
  });

  it('shares a refund over the return’s units received outside the range too', async () => {
    // R27 (WH-07, DOCK-27): a second unit of its line L1 came in another parcel a month later.
    await hq.pool.query(
      `insert into units (warehouse_id, lpn, received_at, station_id, parcel_id, rma_no, line_id, match, grade, disposition, channel, acceptance, fault_party, clerk_id, payload)
       select warehouse_id, 'U-LATE', received_at + interval '30 days', station_id, 'P-LATE', rma_no, 'L1', 'matched', 'A', 'SELLABLE', 'restock', 'accepted', 'customer', clerk_id, payload
       from units where lpn = 'U54'`,
    );
    try {
      const rows = await csvRows(['WH-07'], '2025-12-01', '2025-12-20');
      // Line L1's 113.00 is split over its two units; U-LATE's row is in the later month's file.
      expect(rows.filter((r) => r.rma === 'R27').map((r) => [r.lpn, r['refund-amount']])).toEqual([
        ['U54', '56.50'],
        ['U55', '113.00'],
      ]);
      const later = await csvRows(['WH-07'], '2025-12-20', '2026-02-01');
      expect(later.filter((r) => r.rma === 'R27').map((r) => [r.lpn, r['refund-amount']])).toEqual([['U-LATE', '56.50']]);
    } finally {
      await hq.pool.query("delete from units where lpn = 'U-LATE'");
    }
  });
});

describe('the search over a company’s year', () => {
  it('finds a return by its RMA, its parcel’s tracking number, an LPN or its order number, in every warehouse or in one', async () => {
    for (const text of ['R1234', 'SF1000001234', 'U2468', 'O4000001234']) {
      expect(
        (await findReturns(hq.pool, [], text)).map((r) => [r.warehouse_id, r.rma_no]),
        text,
      ).toEqual([['WH-04', 'R1234']]);
      expect(
        (await findReturns(hq.pool, ['WH-04'], text)).map((r) => r.rma_no),
        text,
      ).toEqual(['R1234']);
      expect(await findReturns(hq.pool, ['WH-03'], text), text).toEqual([]);
    }
  });

  it('finds by the tracking numbers a return expects and by the customer’s id or a part of their name; by name only when no key is the text', async () => {
    const expected = (rmaNo: string, customer: { id: string; name: string }, trackingNumbers: string[]) =>
      hq.pool.query("insert into reference_rows (warehouse_id, kind, key, body) values ('WH-01', 'expectedReturn', $1, $2)", [
        rmaNo,
        { rmaNo, orderNo: `O-${rmaNo}`, currency: 'CNY', customer, trackingNumbers, lines: [] },
      ]);
    try {
      await expected('RX-1', { id: 'CUST-881', name: '王小明' }, ['YT9988776655']);
      // A name holding another return's RMA: a search by that RMA means the RMA.
      await expected('RX-2', { id: 'CUST-882', name: '李 R1234 粉丝' }, []);
      const found = async (text: string) => (await findReturns(hq.pool, [], text)).map((r) => [r.rma_no, r.matched_by]);
      expect(await found('YT9988776655')).toEqual([['RX-1', 'tracking']]);
      expect(await found('CUST-881')).toEqual([['RX-1', 'customer']]);
      expect(await found('小明')).toEqual([['RX-1', 'customer']]);
      expect(await found('粉丝')).toEqual([['RX-2', 'customer']]);
      expect(await found('R1234')).toEqual([['R1234', 'rma']]);
      // Not a key and not in any name: nothing.
      expect(await found('NOBODY-77')).toEqual([]);
    } finally {
      await hq.pool.query("delete from reference_rows where warehouse_id = 'WH-01' and kind = 'expectedReturn' and key in ('RX-1', 'RX-2')");
    }
  });
});
