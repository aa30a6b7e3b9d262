import { z } from 'zod';
import { type AcceptanceState, FAULT_PARTIES, GRADES } from '../codes';
import { UtcIso, daysBetween, localDate } from '../dates';
import { PolicySchema, policyRef } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema } from '../records/expected-return';
import { decideWith } from '../result';

export const EligibilityInputSchema = z
  .object({
    expected: ExpectedReturnSchema,
    lineId: z.string().min(1),
    /** When the unit reached the dock. Not what the window counts to: a dock backlog never makes a return late. */
    receivedAt: UtcIso,
    /** When the customer handed the parcel to the carrier, if known: the window is met on that day. */
    handedToCarrierAt: UtcIso.optional(),
    /** From the unit's outcome: who is at fault, and whether a fault was confirmed by the inspection. */
    faultParty: z.enum(FAULT_PARTIES),
    faultConfirmed: z.boolean(),
    grade: z.enum(GRADES),
    expired: z.boolean(),
    /** This customer's returns within the policy's frequent-returner window (counted by the caller). */
    customerReturnsInWindow: z.number().int().nonnegative(),
    policy: PolicySchema,
  })
  .refine((i) => i.expected.lines.some((l) => l.lineId === i.lineId), { message: 'lineId is not a line of this return', path: ['lineId'] });

export interface Eligibility {
  acceptance: AcceptanceState;
  /** What the acceptance rests on: the no-fault window, a confirmed fault, or nothing (rejected). */
  basis: 'no_reason' | 'fault' | 'none';
  /** Days from delivery (local calendar days in the policy's zone) to the day that counts. */
  daysAfterDelivery: number;
  late: boolean;
  reasons: Reason[];
  policy: { id: string; version: number };
}

/**
 * May this unit be returned? The window counts, in the policy's time zone, from the customer's delivery
 * to when the customer asked (the RMA's creation) or handed the parcel to the carrier where that is known —
 * never to the day it happens to reach the dock. Without a delivery date a manager decides.
 * A confirmed seller fault (defect, wrong item sent, expired on delivery) is accepted within the quality
 * window even when the no-reason window has passed; carrier damage is no such excuse (the carrier is
 * claimed, the customer's lateness stands). Without a fault: the unit must be within
 * the no-reason window (and any marketplace deadline), not excluded from no-reason returns, not expired,
 * and — where the policy asks for 不影响二次销售 — resellable as new (grade A/B), else a manager decides.
 * A frequent returner's accepted return also goes to a manager.
 */
/**
 * Where a return stands against its no-reason window: calendar days (policy's zone) from delivery to the
 * day that counts (the customer's request, or hand-over to the carrier), and whether that is late.
 */
export function windowPosition(
  expected: { deliveredAt?: string | undefined; createdAt: string; deadline?: string | undefined },
  policy: { timeZone: string; windows: { noReasonDays: number } },
  handedToCarrierAt?: string,
) {
  const countedAt = handedToCarrierAt ?? expected.createdAt;
  const daysAfterDelivery = daysBetween(localDate(expected.deliveredAt ?? countedAt, policy.timeZone), localDate(countedAt, policy.timeZone));
  // Instants, not strings: '2026-11-24T08:00:00+08:00' and '...Z' forms compare wrongly as text.
  const afterDeadline = expected.deadline !== undefined && Date.parse(countedAt) > Date.parse(expected.deadline);
  return { daysAfterDelivery, afterDeadline, late: daysAfterDelivery > policy.windows.noReasonDays || afterDeadline };
}

export function checkEligibility(input: z.input<typeof EligibilityInputSchema>) {
  return decideWith(EligibilityInputSchema, input, eligibilityOf);
}

/** checkEligibility on input already read by its schema (a caller that validated it once, as evaluateUnit does). */
export function eligibilityOf(i: z.output<typeof EligibilityInputSchema>): Eligibility {
  const { policy, expected } = i;
  const line = expected.lines.find((l) => l.lineId === i.lineId)!;
  const reasons: Reason[] = [];
  if (expected.status !== 'cancelled' && expected.deliveredAt === undefined) {
    reasons.push(reason('eligibility.noDeliveryDate', { rmaNo: expected.rmaNo }));
    return { acceptance: 'manual_intervention_required', basis: 'none', daysAfterDelivery: 0, late: false, reasons, policy: policyRef(policy) };
  }
  const { daysAfterDelivery, afterDeadline, late } = windowPosition(expected, policy, i.handedToCarrierAt);
  const base = { daysAfterDelivery, late, policy: policyRef(policy) };
  const decided = (acceptance: AcceptanceState, basis: Eligibility['basis']): Eligibility => {
    if (acceptance === 'accepted' && i.customerReturnsInWindow >= policy.risk.frequentReturner.returns) {
      reasons.push(reason('eligibility.serialReturner', { returns: i.customerReturnsInWindow, withinDays: policy.risk.frequentReturner.withinDays }));
      return { acceptance: 'manual_intervention_required', basis, ...base, reasons };
    }
    return { acceptance, basis, ...base, reasons };
  };

  if (expected.status === 'cancelled') {
    reasons.push(reason('eligibility.cancelled', { rmaNo: expected.rmaNo }));
    return decided('rejected', 'none');
  }
  if (afterDeadline) reasons.push(reason('eligibility.afterDeadline', { deadline: expected.deadline! }));

  if (i.faultConfirmed && i.faultParty === 'carrier') {
    if (late) {
      reasons.push(
        reason('eligibility.late', { days: daysAfterDelivery, windowDays: policy.windows.noReasonDays }),
        reason('eligibility.carrierDamageNoExcuse'),
      );
      return decided('rejected', 'none');
    }
    reasons.push(reason('eligibility.withinWindow', { days: daysAfterDelivery, windowDays: policy.windows.noReasonDays }));
    return decided('accepted', 'fault');
  }
  if (i.faultConfirmed) {
    if (daysAfterDelivery > policy.windows.qualityDays) {
      reasons.push(reason('eligibility.qualityWarrantyOver', { days: daysAfterDelivery, qualityDays: policy.windows.qualityDays }));
      return decided('rejected', 'none');
    }
    reasons.push(
      late
        ? reason('eligibility.lateButQualityFault', {
            days: daysAfterDelivery,
            windowDays: policy.windows.noReasonDays,
            qualityDays: policy.windows.qualityDays,
          })
        : reason('eligibility.faultWithinWarranty', { faultParty: i.faultParty, days: daysAfterDelivery }),
    );
    return decided('accepted', 'fault');
  }

  if (line.excludedFromNoReason) {
    reasons.push(reason('eligibility.excludedFromNoReason', { sku: line.sku, category: line.category }));
    return decided('rejected', 'none');
  }
  if (late) {
    reasons.push(reason('eligibility.late', { days: daysAfterDelivery, windowDays: policy.windows.noReasonDays }));
    return decided('rejected', 'none');
  }
  if (i.expired) {
    reasons.push(reason('eligibility.expiredNotResellable', { sku: line.sku }));
    return decided('rejected', 'none');
  }
  reasons.push(reason('eligibility.withinWindow', { days: daysAfterDelivery, windowDays: policy.windows.noReasonDays }));
  if (policy.noReasonRequiresResellable && (i.grade === 'C' || i.grade === 'D')) {
    reasons.push(reason('eligibility.notResellable', { grade: i.grade }));
    return { acceptance: 'manual_intervention_required', basis: 'no_reason', ...base, reasons };
  }
  return decided('accepted', 'no_reason');
}
