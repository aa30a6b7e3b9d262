import { z } from 'zod';
import { PolicySchema, type Policy, policyRef } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema, type ExpectedLine } from '../records/expected-return';
import type { GiftCheck } from '../records/outcomes';
import { decideWith } from '../result';

export const GiftCheckInputSchema = z.object({
  expected: ExpectedReturnSchema,
  /** Units received per line (main lines and gift lines alike), and how many of them arrived damaged. */
  received: z
    .array(z.object({ lineId: z.string().min(1), qty: z.number().int().nonnegative(), damagedQty: z.number().int().nonnegative().default(0) }).strict())
    .max(500),
  policy: PolicySchema,
});

/**
 * A virtual gift (a coupon, points) never comes back in a parcel: what is due with the main units returned is
 * reversed at HQ within the policy's hours (an unused coupon withdrawn, points taken back) — or, where the
 * policy says so, its value deducted here.
 */
function virtualGift(rmaNo: string, gift: ExpectedLine, parent: ExpectedLine, parentBack: number, due: number, policy: Policy): GiftCheck {
  const base = { rmaNo, giftLineId: gift.lineId, parentLineId: parent.lineId, expectedQty: due, receivedQty: 0, damagedQty: 0, policy: policyRef(policy) };
  if (due === 0)
    return {
      ...base,
      outcome: 'not_required',
      deductionMinor: 0,
      tasks: [],
      reasons: [reason('gift.notRequired', { gift: gift.name, parent: parent.sku, parentBack, parentQty: parent.qty })],
    };
  if (policy.gifts.virtual === 'deduct') {
    const value = giftValue(gift, policy) * due;
    return {
      ...base,
      outcome: 'virtual',
      deductionMinor: value,
      tasks: [],
      reasons: [reason('gift.virtualDeducted', { gift: gift.name, kind: gift.giftKind, qty: due, amountMinor: value })],
    };
  }
  return {
    ...base,
    outcome: 'virtual',
    deductionMinor: 0,
    tasks: [{ kind: 'reverse_virtual', qty: due }],
    reasons: [
      reason('gift.virtualReversal', {
        gift: gift.name,
        kind: gift.giftKind,
        qty: due,
        points: gift.giftPoints ?? 0,
        hours: policy.gifts.virtualReversalHours,
      }),
    ],
  };
}

function giftValue(gift: ExpectedLine, policy: Policy): number {
  // A gift with no allocated price falls back to the policy's fixed value rather than to nothing.
  return policy.gifts.missingDeduction === 'allocated_price' && gift.giftAllocatedMinor !== undefined ? gift.giftAllocatedMinor : policy.gifts.fixedValueMinor;
}

/**
 * The gift rule (赠品), per gift line linked to a main line:
 * - a gift comes back in proportion to the main units returned (1 gift with 2 mains: due once both return);
 * - units the store never shipped cannot come back: no deduction, a 补发 request for HQ instead;
 * - fewer back than due ⇒ each missing unit deducted at the policy's value;
 * - more back than due ⇒ a 补还 task to send the extra back to the customer;
 * - damaged ⇒ deducted or accepted, per policy.
 */
export function checkGifts(input: z.input<typeof GiftCheckInputSchema>) {
  return decideWith(GiftCheckInputSchema, input, ({ expected, received, policy }): GiftCheck[] => {
    const got = (lineId: string) => received.filter((r) => r.lineId === lineId);
    const qtyOf = (lineId: string) => got(lineId).reduce((n, r) => n + r.qty, 0);
    const damagedOf = (lineId: string) => got(lineId).reduce((n, r) => n + Math.min(r.damagedQty, r.qty), 0);

    return expected.lines
      .filter((l) => l.isGift)
      .map((gift): GiftCheck => {
        const parent = expected.lines.find((l) => l.lineId === gift.parentLineId)!;
        const parentBack = Math.min(qtyOf(parent.lineId), parent.qty);
        const due = Math.floor((gift.qty * parentBack) / parent.qty);
        if (gift.giftKind !== 'item') return virtualGift(expected.rmaNo, gift, parent, parentBack, due, policy);
        const neverShipped = gift.qty - (gift.shippedQty ?? gift.qty);
        // The store's shortfall counts against the returned units first: the customer is never charged for it.
        const storeMissed = Math.min(due, neverShipped);
        const dueFromCustomer = due - storeMissed;
        const receivedQty = qtyOf(gift.lineId);
        const damagedQty = Math.min(damagedOf(gift.lineId), receivedQty);
        const missing = Math.max(0, dueFromCustomer - receivedQty);
        const extra = Math.max(0, receivedQty - dueFromCustomer);
        const damagedDue = Math.min(damagedQty, dueFromCustomer);
        const value = giftValue(gift, policy);
        const reasons: Reason[] = [];
        const tasks: GiftCheck['tasks'] = [];
        let deductionMinor = 0;

        if (due === 0 && receivedQty === 0)
          reasons.push(reason('gift.notRequired', { gift: gift.name, parent: parent.sku, parentBack, parentQty: parent.qty }));
        // Part of the main line back ("buy 2, get 1"): the share of gifts due is rounded down, in the customer's favour, and said.
        if (due > 0 && parentBack < parent.qty)
          reasons.push(reason('gift.dueInProportion', { gift: gift.name, due, giftQty: gift.qty, parentBack, parentQty: parent.qty }));
        if (storeMissed > 0) {
          tasks.push({ kind: 'reship_request', qty: storeMissed });
          reasons.push(reason('gift.storeMissedReship', { gift: gift.name, qty: storeMissed }));
        }
        if (missing > 0) {
          deductionMinor += missing * value;
          reasons.push(
            reason('gift.missingDeducted', {
              gift: gift.name,
              qty: missing,
              unitValueMinor: value,
              amountMinor: missing * value,
              method: policy.gifts.missingDeduction,
            }),
          );
        }
        if (extra > 0) {
          tasks.push({ kind: 'return_extra', qty: extra });
          reasons.push(reason('gift.extraReturnTask', { gift: gift.name, qty: extra }));
        }
        if (damagedDue > 0) {
          if (policy.gifts.damaged === 'deduct') {
            deductionMinor += damagedDue * value;
            reasons.push(reason('gift.damagedDeducted', { gift: gift.name, qty: damagedDue, amountMinor: damagedDue * value }));
          } else {
            reasons.push(reason('gift.damagedAccepted', { gift: gift.name, qty: damagedDue }));
          }
        }
        if (receivedQty > 0 && missing === 0 && damagedDue === 0 && receivedQty >= dueFromCustomer) {
          reasons.push(reason('gift.returned', { gift: gift.name, qty: Math.min(receivedQty, dueFromCustomer) }));
        }

        const outcome: GiftCheck['outcome'] =
          missing > 0
            ? 'missing'
            : damagedDue > 0
              ? 'damaged'
              : storeMissed > 0
                ? 'store_missed'
                : extra > 0
                  ? 'extra'
                  : due === 0
                    ? 'not_required'
                    : 'returned';
        return {
          rmaNo: expected.rmaNo,
          giftLineId: gift.lineId,
          parentLineId: parent.lineId,
          expectedQty: due,
          receivedQty,
          damagedQty,
          outcome,
          deductionMinor,
          tasks,
          reasons,
          policy: policyRef(policy),
        };
      });
  });
}
