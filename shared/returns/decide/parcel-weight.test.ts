import { describe, expect, it } from 'vitest';
import { CN_MARKETPLACE_POLICY as CN } from '../policy/defaults';
import { checkParcelWeight } from './parcel-weight';

const check = (parcelGrams: number, items: { unitWeightGrams?: number; unitWeightSigmaGrams?: number; qty: number }[], policy = CN) => {
  const r = checkParcelWeight({ parcelGrams, items, policy });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('checkParcelWeight', () => {
  it('a brick instead of a phone is a variance that asks for a closer look', () => {
    expect(check(1400, [{ unitWeightGrams: 380, qty: 1 }])).toMatchObject({ variance: true, expectedGrams: 380, exceptions: [{ kind: 'weight_variance' }] });
  });

  it('within both the grams and the percentage: no variance', () => {
    expect(check(420, [{ unitWeightGrams: 380, qty: 1 }]).variance).toBe(false);
  });

  it('packaging is allowed for (per policy)', () => {
    const policy = { ...CN, weightTolerance: { ...CN.weightTolerance, packagingGrams: 300 } };
    expect(check(700, [{ unitWeightGrams: 380, qty: 1 }], policy)).toMatchObject({ variance: false, expectedGrams: 680 });
  });

  it('items whose weight varies widely (2σ of the catalog spread) are not flagged for it, others are', () => {
    // Boots whose catalog weight varies by σ 200 g: 2σ = 400 g, more than 10 % of 780 g.
    const boots = [{ unitWeightGrams: 780, unitWeightSigmaGrams: 200, qty: 1 }];
    expect(check(780 + 350, boots).variance).toBe(false);
    expect(check(780 + 450, boots).variance).toBe(true);
    expect(check(780 + 350, [{ unitWeightGrams: 780, qty: 1 }]).variance).toBe(true);
    // Spread of several units adds up as √(Σ qty·σ²): four at σ 100 → 2·200 = 400 g.
    expect(check(4 * 780 + 390, [{ unitWeightGrams: 780, unitWeightSigmaGrams: 100, qty: 4 }]).variance).toBe(false);
  });

  it('a parcel with an item of unknown weight is not judged', () => {
    expect(check(9999, [{ unitWeightGrams: 380, qty: 1 }, { qty: 1 }])).toMatchObject({ variance: false, expectedGrams: undefined });
  });
});
