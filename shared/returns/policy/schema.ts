import { z } from 'zod';
import { CHANNELS, DISPOSITION_CODES, GRADES } from '../codes';
import { IsoDate, addBusinessDays, isTimeZone, localDate } from '../dates';
import { MinorUnits } from '../money';

/**
 * What failing a check says about the unit:
 * - `wear`: used, tags cut, seal broken — the customer's doing;
 * - `damage`: physically damaged — the carrier's if the parcel arrived damaged too, else the customer's;
 * - `defect`: it does not work or is not as described — a quality fault, the seller's;
 * - `incomplete`: parts missing — the seller's only if the customer reported it (reason missing_parts);
 * - `mismatch`: the serial differs from the one shipped — a possible swap, for a manager to look at.
 */
export const CHECK_MEANINGS = ['wear', 'damage', 'defect', 'incomplete', 'mismatch'] as const;
export type CheckMeaning = (typeof CHECK_MEANINGS)[number];

/** One question of an inspection, phrased so that "yes" is good (e.g. "tags attached?"). */
export const CheckDefSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
    /** The best grade a unit can keep when this check fails. */
    failGrade: z.enum(GRADES),
    means: z.enum(CHECK_MEANINGS),
  })
  .strict();
export type CheckDef = z.infer<typeof CheckDefSchema>;

export const ChecklistSchema = z
  .array(CheckDefSchema)
  .min(1)
  .max(30)
  .refine((checks) => new Set(checks.map((c) => c.id)).size === checks.length, 'a check appears twice');
export type Checklist = z.infer<typeof ChecklistSchema>;

/** First matching rule wins; a rule without grades matches any grade. */
export const RoutingRuleSchema = z
  .object({
    disposition: z.enum(DISPOSITION_CODES),
    grades: z.array(z.enum(GRADES)).min(1).optional(),
    channel: z.enum(CHANNELS),
  })
  .strict();

export const PolicySchema = z
  .object({
    id: z.string().min(1).max(40),
    version: z.number().int().positive(),
    name: z.string().min(1).max(100),
    /** Return windows count in calendar days of this zone (a 7-day window ends at local midnight). */
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
    windows: z
      .object({
        /** Returns without a fault (七天无理由), counted from delivery. */
        noReasonDays: z.number().int().min(0).max(365),
        /** Quality faults are accepted this long after delivery, even after the no-reason window. */
        qualityDays: z.number().int().min(0).max(3650),
      })
      .strict(),
    /** 不影响二次销售: a no-fault return that cannot be resold as new (grade C/D) goes to a manager. */
    noReasonRequiresResellable: z.boolean(),
    restockingFee: z
      .object({
        percent: z.number().int().min(0).max(50),
        /** When it is charged: only for customer-fault units that cannot be resold as new (A/B), always at customer fault, or never. */
        appliesTo: z.enum(['customer_fault_not_resellable', 'customer_fault_always', 'never']),
      })
      .strict(),
    freight: z
      .object({
        /** Deduct a seller-prepaid return label from the refund when the customer is at fault. */
        customerPaysAtFault: z.boolean(),
        /** Refund postage the customer paid when the seller or the carrier is at fault. */
        reimburseCustomerWhenNotAtFault: z.boolean(),
      })
      .strict(),
    gifts: z
      .object({
        /** A missing gift is deducted at the price the promotion allocated to it, or at a fixed value. */
        missingDeduction: z.enum(['allocated_price', 'fixed']),
        fixedValueMinor: MinorUnits,
        damaged: z.enum(['deduct', 'accept']),
        /** A virtual gift (coupon, points) of a returned order: reversed at HQ (an unused coupon returned, points taken back), or its value deducted here. */
        virtual: z.enum(['reverse', 'deduct']).default('reverse'),
        /** Hours HQ has to reverse a virtual gift. */
        virtualReversalHours: z
          .number()
          .int()
          .positive()
          .max(24 * 30)
          .default(24),
        /** Points a gift given back under a recycling programme earns (HQ awards them; 0: HQ decides). */
        recyclingPoints: z.number().int().nonnegative().max(1_000_000).default(0),
      })
      .strict(),
    /** Weight variance beyond max(minGrams, percent of expected) is flagged. */
    /**
     * A parcel is off-weight when it differs from its items' catalog weight plus packaging by more than
     * BOTH `minGrams` and `percent` of that weight: small parcels are not flagged for a few grams.
     */
    weightTolerance: z
      .object({
        minGrams: z.number().int().min(0),
        percent: z.number().int().min(0).max(100),
        /** Box, filler and slips around the items. */
        packagingGrams: z.number().int().min(0).max(50_000).default(0),
      })
      .strict(),
    risk: z
      .object({
        highValueMinor: MinorUnits,
        /** A unit worth at least highValueMinor is confirmed by a second person before it is accepted (unless false). */
        secondLookAtHighValue: z.boolean().optional(),
        frequentReturner: z.object({ returns: z.number().int().min(1), withinDays: z.number().int().min(1) }).strict(),
      })
      .strict(),
    /**
     * When a refund is due: this many business days after the return was received (about 2 in Chinese
     * marketplace practice), skipping weekends and the listed holidays. Absent: 2 days, no holidays.
     */
    refundDue: z
      .object({
        businessDays: z.number().int().min(0).max(30),
        holidays: z.array(IsoDate).max(400),
      })
      .strict()
      .optional(),
    /** Photos required before a unit is accepted: a damaged item, a damaged box, a serial that differs. */
    photoEvidence: z.object({ itemDamage: z.boolean(), boxDamage: z.boolean(), serialMismatch: z.boolean() }).strict().optional(),
    checklists: z.object({ default: ChecklistSchema, byCategory: z.record(z.string(), ChecklistSchema) }).strict(),
    routing: z.array(RoutingRuleSchema).min(1),
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const disposition of DISPOSITION_CODES) {
      if (!policy.routing.some((r) => r.disposition === disposition && !r.grades)) {
        ctx.addIssue({ code: 'custom', path: ['routing'], message: `no catch-all routing rule for ${disposition}` });
      }
    }
  });
export type Policy = z.infer<typeof PolicySchema>;
export interface PolicyRef {
  id: string;
  version: number;
}
export const policyRef = (p: Policy): PolicyRef => ({ id: p.id, version: p.version });

export function checklistFor(policy: Policy, category: string): Checklist {
  return policy.checklists.byCategory[category] ?? policy.checklists.default;
}

export const DEFAULT_REFUND_DUE = { businessDays: 2, holidays: [] as string[] };

/** The date (in the policy's zone) a refund for a return received at `receivedAt` must be paid by. */
export function refundDueDate(policy: Policy, receivedAt: string): string {
  const due = policy.refundDue ?? DEFAULT_REFUND_DUE;
  return addBusinessDays(localDate(receivedAt, policy.timeZone), due.businessDays, due.holidays);
}
