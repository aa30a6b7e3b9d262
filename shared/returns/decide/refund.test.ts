import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCEPTANCE_STATES, DISPOSITION_CODES, FAULT_PARTIES, GRADES } from '../codes';
import { CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY } from '../policy/defaults';
import type { Policy } from '../policy/schema';
import { RefundRecommendationSchema } from '../records/outcomes';
import { checkGifts } from './gifts';
import { recommendRefund } from './refund';

/** Arbitrary but valid returns: main lines with prices, gifts linked to them, postage paid by either side. */
const returnArb = fc
  .record({
    mains: fc.array(fc.record({ qty: fc.integer({ min: 1, max: 5 }), price: fc.integer({ min: 0, max: 5_000_000 }) }), { minLength: 1, maxLength: 4 }),
    gifts: fc.array(
      fc.record({
        parent: fc.nat(),
        qty: fc.integer({ min: 1, max: 3 }),
        shipped: fc.nat(3),
        allocated: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    freight: fc.option(fc.record({ amountMinor: fc.integer({ min: 0, max: 100_000 }), paidBy: fc.constantFrom('customer' as const, 'seller' as const) }), {
      nil: undefined,
    }),
  })
  .map(({ mains, gifts, freight }) => ({
    rmaNo: 'RMA-PROP0001',
    orderNo: 'O-1',
    customer: { name: 'x' },
    warehouseId: 'WH',
    channel: 'test',
    createdAt: '2026-11-20T00:00:00.000Z',
    reason: 'no_reason' as const,
    currency: 'CNY',
    ...(freight ? { returnFreight: freight } : {}),
    lines: [
      ...mains.map((m, i) => ({ lineId: `M${i}`, sku: `S${i}`, name: 'n', category: 'general', qty: m.qty, unitPriceMinor: m.price })),
      ...gifts.map((g, i) => ({
        lineId: `G${i}`,
        sku: `GS${i}`,
        name: 'gift',
        category: 'general',
        qty: g.qty,
        shippedQty: Math.min(g.shipped, g.qty),
        unitPriceMinor: 0,
        isGift: true,
        parentLineId: `M${g.parent % mains.length}`,
        ...(g.allocated !== undefined ? { giftAllocatedMinor: g.allocated } : {}),
      })),
    ],
  }));

const unitArb = (lineIds: string[]) =>
  fc.record({
    lineId: fc.constantFrom(...lineIds),
    qty: fc.integer({ min: 1, max: 6 }),
    acceptance: fc.constantFrom(...ACCEPTANCE_STATES),
    disposition: fc.constantFrom(...DISPOSITION_CODES),
    grade: fc.constantFrom(...GRADES),
    faultParty: fc.constantFrom(...FAULT_PARTIES),
  });

const scenarioArb = returnArb.chain((expected) =>
  fc.record({
    expected: fc.constant(expected),
    units: fc.array(unitArb(expected.lines.map((l) => l.lineId)), { maxLength: 12 }),
    giftReceipts: fc.array(fc.record({ lineId: fc.constantFrom(...expected.lines.map((l) => l.lineId)), qty: fc.nat(4), damagedQty: fc.nat(2) }), {
      maxLength: 8,
    }),
    policy: fc.constantFrom<Policy>(CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY, {
      ...WESTERN_30_DAY_POLICY,
      restockingFee: { percent: 50, appliesTo: 'customer_fault_always' },
    }),
  }),
);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario) {
  const gifts = checkGifts({ expected: s.expected, received: s.giftReceipts, policy: s.policy });
  if (!gifts.ok) throw new Error(gifts.error.message);
  const refund = recommendRefund({ expected: s.expected, units: s.units, gifts: gifts.value, policy: s.policy });
  if (!refund.ok) throw new Error(refund.error.message);
  return refund.value;
}

describe('recommendRefund: properties', () => {
  it('is never negative and never above what the customer paid', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        expect(r.totalMinor).toBeGreaterThanOrEqual(0);
        expect(r.totalMinor).toBeLessThanOrEqual(r.paidMinor);
        expect(Number.isInteger(r.totalMinor)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => void expect(run(s)).toEqual(run(s))),
      { numRuns: 300 },
    );
  });

  it('gives a reason for every deduction, naming its amount', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        const amounts = (key: string) => [...r.reasons, ...r.lines.flatMap((l) => l.reasons)].filter((x) => x.key === key).map((x) => x.params?.amountMinor);
        for (const line of r.lines) {
          if (line.restockingFeeMinor > 0) {
            const fees = line.reasons.filter((x) => x.key === 'refund.restockingFee').reduce((n, x) => n + Number(x.params?.amountMinor), 0);
            expect(fees).toBe(line.restockingFeeMinor);
          }
        }
        if (r.freight.deductedMinor > 0) expect(amounts('refund.freightDeducted')).toEqual([r.freight.deductedMinor]);
        if (r.giftDeductionMinor > 0) expect(amounts('refund.giftDeduction').reduce((a, b) => Number(a) + Number(b), 0)).toBe(r.giftDeductionMinor);
        const computed = r.grossMinor - r.restockingFeeMinor - r.freight.deductedMinor + r.freight.reimbursedMinor - r.giftDeductionMinor;
        if (computed < 0)
          expect(r.reasons.map((x) => x.key)).toContain(r.status === 'needs_manager' ? 'refund.deductionsAwaitDecision' : 'refund.flooredAtZero');
        else expect(r.totalMinor).toBe(computed);
      }),
      { numRuns: 1500 },
    );
  });

  it('is a valid RefundRecommendation record that names its policy and version', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        expect(RefundRecommendationSchema.safeParse(r).success).toBe(true);
        expect(r.policy).toEqual({ id: s.policy.id, version: s.policy.version });
      }),
      { numRuns: 300 },
    );
  });

  it('never pays a line for more units than the customer returned', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        for (const line of r.lines) {
          const expectedQty = s.expected.lines.find((l) => l.lineId === line.lineId)!.qty;
          expect(line.acceptedQty + line.rejectedQty + line.pendingQty).toBeLessThanOrEqual(expectedQty);
        }
      }),
      { numRuns: 500 },
    );
  });
});
