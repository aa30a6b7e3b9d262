import { z } from 'zod';
import { percentOf, sumMinor } from '../money';
import { PolicySchema } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import type { ExceptionDraft } from '../records/outcomes';
import { decideWith } from '../result';

export const ParcelWeightInputSchema = z.object({
  parcelGrams: z.number().int(),
  /** What was found in the parcel, with each item's catalog weight where known. */
  items: z
    .array(
      z.object({
        unitWeightGrams: z.number().int().positive().optional(),
        unitWeightSigmaGrams: z.number().int().nonnegative().optional(),
        qty: z.number().int().positive(),
      }),
    )
    .max(10_000),
  policy: PolicySchema,
});

/**
 * Does the parcel weigh what was found in it? Expected: the items' catalog weights plus the policy's
 * packaging allowance. Off by more than the policy's grams, its percentage and — where the catalog says
 * how much a product's weight varies — twice the spread of those items together (2σ), is a variance: a
 * reason to look closer (open-box check, photo), never a verdict on the return. Weighed against what
 * this parcel held, so a split shipment is not flagged for the half that is still on its way.
 */
export function checkParcelWeight(input: z.input<typeof ParcelWeightInputSchema>) {
  return decideWith(ParcelWeightInputSchema, input, ({ parcelGrams, items, policy }) => {
    const reasons: Reason[] = [];
    const exceptions: ExceptionDraft[] = [];
    if (items.length === 0 || items.some((i) => i.unitWeightGrams === undefined)) {
      reasons.push(reason('risk.noExpectedWeight'));
      return { expectedGrams: undefined, variance: false, reasons, exceptions };
    }
    const { minGrams, percent, packagingGrams } = policy.weightTolerance;
    const expectedGrams = sumMinor(items.map((i) => i.unitWeightGrams! * i.qty)) + packagingGrams;
    // σ of a sum of independent units: √(Σ qty·σ²).
    const spreadGrams = Math.round(2 * Math.sqrt(items.reduce((n, i) => n + i.qty * (i.unitWeightSigmaGrams ?? 0) ** 2, 0)));
    const toleranceGrams = Math.max(minGrams, percentOf(expectedGrams, percent), spreadGrams);
    const varianceGrams = parcelGrams - expectedGrams;
    const variance = Math.abs(varianceGrams) > toleranceGrams;
    if (variance) {
      const detail = reason('risk.weightVariance', { expectedGrams, actualGrams: parcelGrams, varianceGrams, toleranceGrams });
      reasons.push(detail);
      exceptions.push({ kind: 'weight_variance', details: [detail] });
    } else {
      reasons.push(reason('risk.weightWithinTolerance', { expectedGrams, actualGrams: parcelGrams, toleranceGrams }));
    }
    return { expectedGrams, variance, reasons, exceptions };
  });
}
