import { describe, expect, it } from 'vitest';
import { dressReturn } from '../../../test/helpers/returns';
import { CN_MARKETPLACE_POLICY as CN, WESTERN_30_DAY_POLICY as WEST } from '../policy/defaults';
import { ExpectedReturnSchema } from '../records/expected-return';
import { recommendRefund } from './refund';
import { settleReturn } from './settle-return';

const NOW = '2026-11-24T06:00:00.000Z';
const customerDamaged = { acceptance: 'accepted' as const, disposition: 'CUSTOMER_DAMAGED' as const, grade: 'C' as const, faultParty: 'customer' as const };

describe('money, to the cent', () => {
  it('a restocking fee is rounded once per line and split exactly: 10 % of 3 × ¥33.33 is ¥10.00, not 3 × ¥3.33', () => {
    const expected = ExpectedReturnSchema.parse(
      dressReturn({ returnFreight: undefined, lines: [{ ...dressReturn().lines[0]!, qty: 3, unitPriceMinor: 3333 }] }),
    );
    const policy = { ...WEST, restockingFee: { ...WEST.restockingFee, percent: 10, appliesTo: 'customer_fault_always' as const } };
    const r = recommendRefund({ expected, units: [1, 2, 3].map(() => ({ lineId: 'L1', qty: 1, ...customerDamaged })), gifts: [], policy });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lines[0]).toMatchObject({ grossMinor: 9999, restockingFeeMinor: 1000 });
    expect(r.value.totalMinor).toBe(8999);
    // One reason for the line's fee, for its three units.
    expect(r.value.lines[0]!.reasons.filter((x) => x.key === 'refund.restockingFee')).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ qty: 3, amountMinor: 1000 }) }),
    ]);
  });

  it('a return is never decided under a policy other than the one it names', () => {
    const expected = ExpectedReturnSchema.parse(dressReturn({ policyId: CN.id, policyVersion: CN.version }));
    expect(recommendRefund({ expected, units: [], gifts: [], policy: WEST }).ok).toBe(false);
    expect(recommendRefund({ expected, units: [], gifts: [], policy: { ...CN, version: CN.version + 1 } }).ok).toBe(false);
    expect(recommendRefund({ expected, units: [], gifts: [], policy: CN }).ok).toBe(true);
  });

  it('an exchange shows no money, and its postage once — as who bears it', () => {
    const expected = ExpectedReturnSchema.parse(dressReturn({ resolution: 'exchange', lines: [dressReturn().lines[0]!] }));
    const s = settleReturn({
      expected,
      units: [{ expectedLineId: 'L1', qty: 1, match: 'matched', grade: 'A', disposition: 'SELLABLE', faultParty: 'customer', acceptance: 'accepted' }],
      previousTotalMinor: null,
      policy: CN,
      now: NOW,
    });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.refund).toMatchObject({
      totalMinor: 0,
      restockingFeeMinor: 0,
      giftDeductionMinor: 0,
      freight: { payer: 'customer', deductedMinor: 0, reimbursedMinor: 0 },
    });
    const keys = s.value.refund.reasons.map((r) => r.key);
    expect(keys.filter((k) => k.startsWith('refund.freight'))).toEqual(['refund.freightByCustomer']);
    expect(keys).toContain('refund.exchangeNoRefund');
    expect(s.value.exchange?.status).toBe('approved');
  });

  it('发错货: the customer returns what the seller shipped by mistake — once a manager accepts it, paid in full, the seller bearing the postage', () => {
    const expected = ExpectedReturnSchema.parse(
      dressReturn({ reason: 'wrong_item_sent', returnFreight: { amountMinor: 1200, paidBy: 'customer' }, lines: [dressReturn().lines[0]!] }),
    );
    const wrong = {
      expectedLineId: 'L1',
      qty: 1,
      match: 'wrong_item' as const,
      grade: 'A' as const,
      disposition: 'SELLABLE' as const,
      faultParty: 'seller' as const,
    };
    const held = settleReturn({ expected, units: [{ ...wrong, acceptance: 'manual_intervention_required' }], previousTotalMinor: null, policy: CN, now: NOW });
    if (!held.ok) throw new Error(held.error.message);
    expect(held.value.refund).toMatchObject({ status: 'needs_manager', totalMinor: 0 });
    const accepted = settleReturn({ expected, units: [{ ...wrong, acceptance: 'accepted' }], previousTotalMinor: 0, policy: CN, now: NOW });
    if (!accepted.ok) throw new Error(accepted.error.message);
    expect(accepted.value.refund).toMatchObject({ status: 'ready', totalMinor: 39900 + 1200, freight: { payer: 'seller', reimbursedMinor: 1200 } });
    // An item that is neither ordered nor shipped by mistake stays unpaid (a person decides it).
    const plainWrong = settleReturn({
      expected: ExpectedReturnSchema.parse(dressReturn({ lines: [dressReturn().lines[0]!] })),
      units: [{ ...wrong, acceptance: 'accepted' }],
      previousTotalMinor: 0,
      policy: CN,
      now: NOW,
    });
    if (!plainWrong.ok) throw new Error(plainWrong.error.message);
    expect(plainWrong.value.refund.totalMinor).toBe(0);
  });
});
