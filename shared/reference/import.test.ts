import { describe, expect, it } from 'vitest';
import { classifyScan } from '../barcode/classify';
import { ExpectedReturnSchema } from '../returns/records/expected-return';
import { CatalogItemSchema } from '../returns/records/catalog';
import { parseReferenceFile } from './import';
import { sampleReference } from './sample-data';

const HEADER =
  'rmaNo,orderNo,customerName,warehouseId,channel,createdAt,deliveredAt,reason,trackingNumbers,currency,freightMinor,freightPaidBy,lineId,sku,gtin,name,category,qty,unitPriceMinor,isGift,parentLineId,giftAllocatedMinor,shippedSerials';
const row = (over: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    rmaNo: 'RMA-2026A0001',
    orderNo: 'O-1',
    customerName: '王小明',
    warehouseId: 'WH-SH-01',
    channel: 'tmall',
    createdAt: '2026-11-21T03:00:00.000Z',
    deliveredAt: '2026-11-20T02:00:00.000Z',
    reason: 'no_reason',
    trackingNumbers: 'SF1234567890123',
    currency: 'CNY',
    freightMinor: '1200',
    freightPaidBy: 'seller',
    lineId: 'L1',
    sku: 'DRESS-RED-M',
    gtin: '6901234567892',
    name: '真丝连衣裙 红色 M',
    category: 'apparel',
    qty: '1',
    unitPriceMinor: '39900',
    isGift: '',
    parentLineId: '',
    giftAllocatedMinor: '',
    shippedSerials: '',
  };
  return HEADER.split(',')
    .map((c) => {
      const v = over[c] ?? base[c]!;
      return /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');
};
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

describe('expected returns from CSV', () => {
  it('groups the rows of one return, with its gift line linked to the main line', () => {
    const r = parseReferenceFile(
      'returns.csv',
      csv(
        row(),
        row({
          lineId: 'G1',
          sku: 'SCARF-GIFT',
          gtin: '6901234567908',
          name: '赠品 丝巾',
          unitPriceMinor: '0',
          isGift: 'yes',
          parentLineId: 'L1',
          giftAllocatedMinor: '2900',
        }),
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.expectedReturns).toHaveLength(1);
    expect(r.expectedReturns[0]).toMatchObject({
      rmaNo: 'RMA-2026A0001',
      trackingNumbers: ['SF1234567890123'],
      returnFreight: { amountMinor: 1200, paidBy: 'seller' },
    });
    expect(r.expectedReturns[0]!.lines.map((l) => [l.lineId, l.isGift, l.parentLineId, l.gtin])).toEqual([
      ['L1', false, undefined, '06901234567892'],
      ['G1', true, 'L1', '06901234567908'],
    ]);
  });

  it('a column named twice is refused (its second values would be dropped), not silently renamed', () => {
    const r = parseReferenceFile('returns.csv', [`${HEADER},sku`, `${row()},OTHER-SKU`].join('\r\n'));
    expect(r).toEqual({ ok: false, problems: [{ line: 1, message: 'the column sku appears more than once' }] });
  });

  it('reports every bad row with its line number and reason, and imports nothing', () => {
    const r = parseReferenceFile(
      'returns.csv',
      csv(
        row(),
        row({ rmaNo: 'RMA-2026A0002', qty: 'two' }),
        row({ rmaNo: 'RMA-2026A0003', unitPriceMinor: '399.50' }),
        row({ rmaNo: 'RMA-2026A0004', lineId: 'G1', isGift: 'yes', parentLineId: 'L9' }),
        row({ rmaNo: '' }),
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { line: 3, message: 'RMA-2026A0002: qty: "two" is not a number' },
      { line: 4, message: 'RMA-2026A0003: unitPriceMinor: "399.50" must be whole minor units — fen or cents (for 399.50 write 39950)' },
      { line: 5, message: 'RMA-2026A0004: parentLineId: gift line G1 must name the main line it came with' },
      { line: 6, message: 'rmaNo is empty' },
    ]);
  });

  it('money written as an amount is refused with its line, never read as that many fen', () => {
    for (const [price, expected] of [
      ['399.00', '(for 399.00 write 39900)'],
      ['3,99', '(for 3,99 write 399)'],
      ['¥399', ''],
    ] as const) {
      const r = parseReferenceFile('returns.csv', csv(row({ unitPriceMinor: price })));
      expect(r.ok, price).toBe(false);
      if (r.ok) continue;
      expect(r.problems[0]!.message).toBe(
        `RMA-2026A0001: unitPriceMinor: "${price}" must be whole minor units — fen or cents${expected ? ` ${expected}` : ''}`,
      );
      expect(r.problems[0]!.line).toBe(2);
    }
    const catalog = parseReferenceFile('catalog.csv', 'gtin,sku,name,category,priceMinor,currency\n6901234567892,DRESS,Dress,apparel,399.00,CNY\n');
    expect(catalog.ok).toBe(false);
  });

  it('rows of one return that disagree on the return’s own fields are reported', () => {
    const r = parseReferenceFile('returns.csv', csv(row(), row({ lineId: 'L2', orderNo: 'O-2' })));
    expect(r).toEqual({ ok: false, problems: [{ line: 3, message: 'RMA-2026A0001: orderNo differ from line 2' }] });
  });

  it('a file without the needed columns says which are missing', () => {
    expect(parseReferenceFile('x.csv', 'rmaNo,qty\nRMA-1,1')).toEqual({
      ok: false,
      problems: [{ line: 1, message: expect.stringMatching(/^missing columns: orderNo, customerName/) }],
    });
  });
});

describe('catalog from CSV', () => {
  it('reads GTIN-13s as GTIN-14 and reports a bad price by line', () => {
    const r = parseReferenceFile(
      'catalog.csv',
      'gtin,sku,name,category,priceMinor,currency,unitWeightGrams\n6901234567892,DRESS-RED-M,真丝连衣裙,apparel,39900,CNY,420\n6901234567908,SCARF,丝巾,apparel,-1,CNY,60\n',
    );
    expect(r).toEqual({ ok: false, problems: [{ line: 3, message: expect.stringMatching(/^priceMinor: /) }] });
    const good = parseReferenceFile('catalog.csv', 'gtin,sku,name,category,priceMinor,currency\n6901234567892,DRESS-RED-M,真丝连衣裙,apparel,39900,CNY\n');
    expect(good).toMatchObject({ ok: true, catalog: [{ gtin: '06901234567892', sku: 'DRESS-RED-M' }] });
  });

  it('a GTIN twice in one file is a problem', () => {
    const r = parseReferenceFile('catalog.csv', 'gtin,sku,name,category,priceMinor,currency\n6901234567892,A,a,x,1,CNY\n6901234567892,B,b,x,1,CNY\n');
    expect(r).toEqual({ ok: false, problems: [{ line: 0, message: 'GTIN 06901234567892 appears more than once' }] });
  });
});

describe('JSON', () => {
  it('takes expected returns, catalog and policies together', () => {
    const sample = sampleReference(new Date('2026-11-24T06:00:00Z'));
    const r = parseReferenceFile('reference.json', JSON.stringify(sample));
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect([r.expectedReturns.length, r.catalog.length, r.policies.length, r.users.length]).toEqual([9, 12, 2, 3]);
  });

  it('names the bad record and the field', () => {
    const sample = sampleReference(new Date('2026-11-24T06:00:00Z'));
    const broken = { ...sample, catalog: [sample.catalog[0], { ...sample.catalog[1], priceMinor: 'free' }] };
    expect(parseReferenceFile('reference.json', JSON.stringify(broken))).toEqual({
      ok: false,
      problems: [{ line: 0, message: expect.stringMatching(/^catalog #2: priceMinor: /) }],
    });
  });

  it.each([
    ['not json', 'x.json', '{nope', /^not valid JSON/],
    ['an unknown section', 'x.json', '{"customers":[]}', /expected \{ expectedReturns\?, catalog\?, policies\?, users\? \}/],
    ['a spreadsheet', 'x.xlsx', 'PK…', /only \.csv and \.json files can be imported/],
  ])('%s gets a clear message', (_, name, text, message) => {
    expect(parseReferenceFile(name, text)).toEqual({ ok: false, problems: [{ line: expect.any(Number), message: expect.stringMatching(message) }] });
  });
});

describe('the sample data set', () => {
  const sample = sampleReference(new Date('2026-11-24T06:00:00Z'));
  it('is valid, with valid GTINs and tracking numbers the station recognises', () => {
    for (const r of sample.expectedReturns) {
      expect(ExpectedReturnSchema.safeParse(r).success, r.rmaNo).toBe(true);
      for (const t of r.trackingNumbers) expect(classifyScan(t).kind === 'tracking' || classifyScan(t).kind === 'gtin', t).toBe(true);
      expect(classifyScan(r.rmaNo)).toEqual({ kind: 'rma', rma: r.rmaNo });
    }
    for (const c of sample.catalog) {
      expect(CatalogItemSchema.safeParse(c).success, c.sku).toBe(true);
      expect(classifyScan(c.gtin.slice(1))).toEqual({ kind: 'gtin', gtin: c.gtin });
    }
  });

  it('has gifts, serials, several categories, both languages and both policies', () => {
    const lines = sample.expectedReturns.flatMap((r) => r.lines);
    expect(lines.some((l) => l.isGift)).toBe(true);
    expect(lines.some((l) => l.shippedSerials.length > 0)).toBe(true);
    expect(new Set(lines.map((l) => l.category)).size).toBeGreaterThanOrEqual(5);
    expect(lines.some((l) => /[\u4e00-\u9fff]/.test(l.name)) && lines.some((l) => /^[A-Za-z]/.test(l.name))).toBe(true);
    expect(new Set(sample.expectedReturns.map((r) => r.policyId))).toEqual(new Set(['cn-marketplace', 'western-30-day']));
  });
});
