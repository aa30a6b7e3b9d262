import { z } from 'zod';
import { percentOf, sumMinor } from '../money';
import { type Policy, PolicySchema, policyRef } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema } from '../records/expected-return';
import type { ExceptionDraft } from '../records/outcomes';
import { decideWith } from '../result';

export const RiskInputSchema = z.object({
  expected: ExpectedReturnSchema,
  /** The parcel's weight as captured, if it was weighed. */
  parcelGrams: z.number().int().nonnegative().optional(),
  customerReturnsInWindow: z.number().int().nonnegative(),
  policy: PolicySchema,
});

export type RiskFlag = 'weight_variance' | 'high_value' | 'frequent_returner';

/**
 * What a manager should look at: a parcel whose weight is off from what its lines should weigh by more
 * than max(minGrams, percent) — a brick instead of a phone —, a high-value return, a customer who returns
 * often. Flags, not verdicts: nothing here rejects a return.
 */
export function assessRisk(input: z.input<typeof RiskInputSchema>) {
  return decideWith(RiskInputSchema, input, ({ expected, parcelGrams, customerReturnsInWindow, policy }) => {
    const flags: RiskFlag[] = [];
    const reasons: Reason[] = [];
    const exceptions: ExceptionDraft[] = [];

    const weighed = expected.lines.every((l) => l.unitWeightGrams !== undefined);
    const expectedGrams = weighed ? sumMinor(expected.lines.map((l) => l.unitWeightGrams! * l.qty)) : undefined;
    if (parcelGrams !== undefined && expectedGrams !== undefined) {
      const tolerance = Math.max(policy.weightTolerance.minGrams, percentOf(expectedGrams, policy.weightTolerance.percent));
      const variance = parcelGrams - expectedGrams;
      if (Math.abs(variance) > tolerance) {
        flags.push('weight_variance');
        const detail = reason('risk.weightVariance', { expectedGrams, actualGrams: parcelGrams, varianceGrams: variance, toleranceGrams: tolerance });
        reasons.push(detail);
        exceptions.push({ kind: 'weight_variance', details: [detail] });
      } else {
        reasons.push(reason('risk.weightWithinTolerance', { expectedGrams, actualGrams: parcelGrams, toleranceGrams: tolerance }));
      }
    } else if (parcelGrams !== undefined) {
      reasons.push(reason('risk.noExpectedWeight'));
    }

    const valueMinor = sumMinor(expected.lines.map((l) => l.unitPriceMinor * l.qty));
    if (valueMinor >= policy.risk.highValueMinor && policy.risk.highValueMinor > 0) {
      flags.push('high_value');
      reasons.push(reason('risk.highValue', { valueMinor, thresholdMinor: policy.risk.highValueMinor }));
    }
    if (customerReturnsInWindow >= policy.risk.frequentReturner.returns) {
      flags.push('frequent_returner');
      reasons.push(reason('risk.frequentReturner', { returns: customerReturnsInWindow, withinDays: policy.risk.frequentReturner.withinDays }));
    }
    return { flags, expectedGrams, reasons, exceptions, policy: policyRef(policy) };
  });
}

/**
 * The same customer: by customer id, or by the hash of a normalised contact — never by a display name
 * (marketplaces mask names: 王** is thousands of people).
 */
export function isSameCustomer(a: { id?: string; contactHash?: string }, b: { id?: string; contactHash?: string }): boolean {
  return (a.id !== undefined && a.id === b.id) || (a.contactHash !== undefined && a.contactHash === b.contactHash);
}

/**
 * A unit worth at least the policy's high value is looked at twice: a second person (a manager, not the
 * clerk who inspected it) confirms it before it is accepted. Null when none is needed.
 */
export function secondLookFor(policy: Policy | undefined, line: { unitPriceMinor: number } | undefined): Reason | null {
  if (!policy || !line || policy.risk.highValueMinor <= 0 || policy.risk.secondLookAtHighValue === false) return null;
  if (line.unitPriceMinor < policy.risk.highValueMinor) return null;
  return reason('risk.secondLook', { valueMinor: line.unitPriceMinor, thresholdMinor: policy.risk.highValueMinor });
}
