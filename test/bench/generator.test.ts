import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../shared/barcode/classify';
import { CatalogItemSchema, ExpectedReturnSchema } from '../../shared/returns';
import { generateCatalog, generateExpectedReturns, historyUnit, Rng } from './generator';

const NOW = Date.parse('2026-11-20T23:30:00Z');

function world(seed: number) {
  const rng = new Rng(seed);
  const catalog = generateCatalog(rng, 200);
  const returns = generateExpectedReturns(rng, 2000, catalog, { now: NOW, days: 60, customers: 500 });
  const units = Array.from({ length: 3000 }, (_, i) => historyUnit(rng, i, catalog, NOW));
  return { catalog, returns, units };
}

describe('the bench data generator', () => {
  it('gives the same data for the same seed, and other data for another', () => {
    expect(world(7)).toEqual(world(7));
    expect(world(8).units.map((u) => u.grade)).not.toEqual(world(7).units.map((u) => u.grade));
  });

  it('makes records the station accepts: valid catalog items and expected returns, scannable GTINs', () => {
    const { catalog, returns } = world(1);
    for (const item of catalog) expect(CatalogItemSchema.safeParse(item).success).toBe(true);
    for (const r of returns) expect(ExpectedReturnSchema.safeParse(r).error?.issues ?? []).toEqual([]);
    expect(new Set(catalog.map((c) => c.gtin)).size).toBe(catalog.length);
    for (const c of catalog.slice(0, 20)) expect(classifyScan(c.gtin!.slice(1)).kind).toBe('gtin');
  });

  it('varies like a dock: a few products and customers are most of the returns; every grade occurs; gifts and serials appear', () => {
    const { catalog, returns, units } = world(3);
    const byGtin = new Map<string, number>();
    for (const u of units) byGtin.set(u.scan.gtin!, (byGtin.get(u.scan.gtin!) ?? 0) + 1);
    const top10 = [...byGtin.values()]
      .sort((a, b) => b - a)
      .slice(0, catalog.length / 20)
      .reduce((a, b) => a + b, 0);
    expect(top10 / units.length).toBeGreaterThan(0.25);
    expect(new Set(units.map((u) => u.grade))).toEqual(new Set(['A', 'B', 'C', 'D']));
    const byCustomer = new Map<string, number>();
    for (const r of returns) byCustomer.set(r.customer.id!, (byCustomer.get(r.customer.id!) ?? 0) + 1);
    expect(Math.max(...byCustomer.values())).toBeGreaterThan(10);
    expect(returns.some((r) => r.lines.some((l) => l.isGift))).toBe(true);
    expect(returns.some((r) => r.lines.some((l) => l.shippedSerials.length > 0))).toBe(true);
    expect(returns.every((r) => Date.parse(r.createdAt) <= NOW && Date.parse(r.createdAt) >= NOW - 60 * 86_400_000)).toBe(true);
  });
});
