import { z } from 'zod';
import { ACCEPTANCE_STATES, DISPOSITION_CODES, FAULT_PARTIES, GRADES } from '../codes';
import { percentOf, sumMinor } from '../money';
import { PolicySchema, policyRef } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema } from '../records/expected-return';
import { GiftCheckSchema, type RefundRecommendation } from '../records/outcomes';
import { decideWith } from '../result';

export const RefundInputSchema = z
  .object({
    expected: ExpectedReturnSchema,
    /** Every unit received for this return, with its decisions. */
    units: z
      .array(
        z.object({
          lineId: z.string().min(1),
          qty: z.number().int().positive(),
          acceptance: z.enum(ACCEPTANCE_STATES),
          disposition: z.enum(DISPOSITION_CODES),
          grade: z.enum(GRADES),
          faultParty: z.enum(FAULT_PARTIES),
        }),
      )
      .max(10_000),
    gifts: z.array(GiftCheckSchema).max(500),
    policy: PolicySchema,
  })
  .superRefine((i, ctx) => {
    i.units.forEach((u, n) => {
      if (!i.expected.lines.some((l) => l.lineId === u.lineId))
        ctx.addIssue({ code: 'custom', path: ['units', n, 'lineId'], message: `no line ${u.lineId} in ${i.expected.rmaNo}` });
    });
  });

/**
 * The refund to recommend, in integer minor units, every amount with its reason:
 *   Σ(unit price × accepted units)
 *   − restocking fee (policy %, on customer-fault units — by default only those not resellable as A/B)
 *   − a seller-prepaid return label, when every accepted unit is the customer's fault
 *   + postage the customer paid, when the seller or carrier is at fault
 *   − gift deductions
 * never below 0. It cannot exceed what the customer paid: no line is paid for more units than were
 * returned and only postage the customer paid is added back (a property test holds it to that). Units
 * waiting for a manager are not paid yet and mark the recommendation `needs_manager`.
 */
export function recommendRefund(input: z.input<typeof RefundInputSchema>) {
  return decideWith(RefundInputSchema, input, ({ expected, units, gifts, policy }): RefundRecommendation => {
    // A return is decided under the policy it names, never silently under another.
    if (
      expected.policyId !== undefined &&
      (policy.id !== expected.policyId || (expected.policyVersion !== undefined && policy.version !== expected.policyVersion))
    ) {
      throw new Error(
        `${expected.rmaNo} is under policy ${expected.policyId}${expected.policyVersion !== undefined ? ` v${expected.policyVersion}` : ''}, not ${policy.id} v${policy.version}`,
      );
    }
    const reasons: Reason[] = [];
    const { percent, appliesTo } = policy.restockingFee;

    const lines = expected.lines.map((line) => {
      const lineReasons: Reason[] = [];
      let room = line.qty; // a line is never paid for more units than the customer bought
      let acceptedQty = 0;
      let rejectedQty = 0;
      let pendingQty = 0;
      // Units the fee applies to: charged once on the line's amount, rounded once (never a cent per unit).
      let feeQty = 0;
      for (const u of units.filter((x) => x.lineId === line.lineId)) {
        const qty = Math.min(u.qty, room);
        if (qty === 0) continue;
        room -= qty;
        if (u.acceptance === 'rejected') {
          rejectedQty += qty;
          lineReasons.push(reason('refund.lineRejected', { sku: line.sku, name: line.name, qty }));
          continue;
        }
        if (u.acceptance !== 'accepted') {
          pendingQty += qty;
          lineReasons.push(reason('refund.linePending', { sku: line.sku, name: line.name, qty }));
          continue;
        }
        acceptedQty += qty;
        const resellable = u.disposition === 'SELLABLE' && (u.grade === 'A' || u.grade === 'B');
        const feeApplies =
          u.faultParty === 'customer' && (appliesTo === 'customer_fault_always' || (appliesTo === 'customer_fault_not_resellable' && !resellable));
        if (feeApplies && percent > 0) feeQty += qty;
        else if (percent > 0 && appliesTo !== 'never') {
          const why =
            u.faultParty === 'customer'
              ? reason('refund.noFeeResellable', { sku: line.sku, name: line.name, grade: u.grade })
              : reason('refund.noFeeNotCustomerFault', { sku: line.sku, name: line.name, faultParty: u.faultParty });
          // Said once per line, however many of its units it covers.
          if (!lineReasons.some((r) => r.key === why.key && JSON.stringify(r.params) === JSON.stringify(why.params))) lineReasons.push(why);
        }
      }
      const restockingFeeMinor = feeQty > 0 ? percentOf(line.unitPriceMinor * feeQty, percent) : 0;
      if (feeQty > 0)
        lineReasons.push(reason('refund.restockingFee', { sku: line.sku, name: line.name, qty: feeQty, percent, amountMinor: restockingFeeMinor }));
      const grossMinor = line.unitPriceMinor * acceptedQty;
      if (acceptedQty > 0)
        lineReasons.unshift(
          reason('refund.line', { sku: line.sku, name: line.name, qty: acceptedQty, unitPriceMinor: line.unitPriceMinor, amountMinor: grossMinor }),
        );
      return {
        lineId: line.lineId,
        acceptedQty,
        rejectedQty,
        pendingQty,
        unitPriceMinor: line.unitPriceMinor,
        grossMinor,
        restockingFeeMinor,
        reasons: lineReasons,
      };
    });

    const accepted = units.filter((u) => u.acceptance === 'accepted');
    const customerAtFault = accepted.length > 0 && accepted.every((u) => u.faultParty === 'customer');
    const othersAtFault = accepted.some((u) => u.faultParty !== 'customer');
    const freight = { payer: 'none' as 'customer' | 'seller' | 'none', deductedMinor: 0, reimbursedMinor: 0 };
    const postage = expected.returnFreight;
    if (postage && postage.amountMinor > 0 && accepted.length > 0) {
      freight.payer = customerAtFault ? 'customer' : 'seller';
      if (postage.paidBy === 'seller' && customerAtFault && policy.freight.customerPaysAtFault) {
        freight.deductedMinor = postage.amountMinor;
        reasons.push(reason('refund.freightDeducted', { amountMinor: postage.amountMinor }));
      } else if (postage.paidBy === 'customer' && othersAtFault && policy.freight.reimburseCustomerWhenNotAtFault) {
        freight.reimbursedMinor = postage.amountMinor;
        reasons.push(reason('refund.freightReimbursed', { amountMinor: postage.amountMinor }));
      } else {
        reasons.push(
          freight.payer === 'customer'
            ? reason('refund.freightByCustomer', { amountMinor: postage.amountMinor })
            : reason('refund.freightBySeller', { amountMinor: postage.amountMinor }),
        );
      }
    }

    const giftDeductionMinor = sumMinor(gifts.map((g) => g.deductionMinor));
    for (const g of gifts.filter((x) => x.deductionMinor > 0))
      reasons.push(reason('refund.giftDeduction', { giftLineId: g.giftLineId, amountMinor: g.deductionMinor }));

    const grossMinor = sumMinor(lines.map((l) => l.grossMinor));
    const restockingFeeMinor = sumMinor(lines.map((l) => l.restockingFeeMinor));
    const paidMinor = sumMinor(expected.lines.map((l) => l.unitPriceMinor * l.qty)) + freight.reimbursedMinor;
    let totalMinor = grossMinor - restockingFeeMinor - freight.deductedMinor + freight.reimbursedMinor - giftDeductionMinor;
    const needsManager = lines.some((l) => l.pendingQty > 0);
    if (totalMinor < 0) {
      // While a manager has units to decide, 0 is "not yet", not "nothing": the units they accept come first.
      reasons.push(
        needsManager ? reason('refund.deductionsAwaitDecision', { computedMinor: totalMinor }) : reason('refund.flooredAtZero', { computedMinor: totalMinor }),
      );
      totalMinor = 0;
    }
    if (needsManager) reasons.push(reason('refund.needsManager', { units: sumMinor(lines.map((l) => l.pendingQty)) }));

    return {
      rmaNo: expected.rmaNo,
      currency: expected.currency,
      status: needsManager ? 'needs_manager' : 'ready',
      lines,
      grossMinor,
      restockingFeeMinor,
      freight,
      giftDeductionMinor,
      paidMinor,
      totalMinor,
      reasons,
      policy: policyRef(policy),
    };
  });
}
