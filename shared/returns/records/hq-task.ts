/**
 * Work a station hands to HQ because only HQ can finish it: a carrier claim (the carrier pays for what it
 * damaged), a virtual gift to reverse (an unused coupon withdrawn, points taken back, within the policy's
 * hours), points to award for a gift given back under a recycling programme. The station opens it with
 * everything HQ needs (photos, amounts, the parcel's weight); HQ moves it on and tells the customer.
 */
import { z } from 'zod';
import { UtcIso } from '../dates';
import { CurrencyCode, MinorUnits } from '../money';
import { reason, type Reason } from '../reasons';
import { ReasonSchema } from './outcomes';
import { Sha256Schema } from './parcel';

export const HQ_TASK_KINDS = ['carrier_claim', 'virtual_gift_reversal', 'recycling_points'] as const;
export type HqTaskKind = (typeof HQ_TASK_KINDS)[number];

/** Where each kind of task may go at HQ, from `open`. */
export const HQ_TASK_FLOW: Record<HqTaskKind, Record<string, readonly string[]>> = {
  carrier_claim: { open: ['submitted', 'denied'], submitted: ['paid', 'denied'] },
  virtual_gift_reversal: { open: ['done'] },
  recycling_points: { open: ['awarded', 'refused'] },
};
export const HQ_TASK_STATUSES = ['open', 'submitted', 'paid', 'denied', 'done', 'awarded', 'refused'] as const;

export const HqTaskSchema = z
  .object({
    id: z.string().min(1).max(64),
    kind: z.enum(HQ_TASK_KINDS),
    status: z.literal('open'),
    createdAt: UtcIso,
    by: z.string().min(1).max(64),
    parcelId: z.string().min(1).max(64),
    rmaNo: z.string().min(1).max(40).optional(),
    lpns: z.array(z.string().min(1).max(32)).max(500),
    /** A claim: what the carrier is asked for (the damaged units' value); a deducted gift: its value. */
    amountMinor: MinorUnits.optional(),
    currency: CurrencyCode.optional(),
    /** Points to take back (a points gift) or the programme suggests awarding (recycling). */
    points: z.number().int().nonnegative().max(100_000_000).optional(),
    /** By when HQ must have done it (a virtual gift: the policy's hours). */
    dueBy: UtcIso.optional(),
    carrier: z.string().max(40).nullable().optional(),
    trackingNumber: z.string().max(64).nullable().optional(),
    parcelWeightGrams: z.number().int().nonnegative().max(1_000_000).optional(),
    photos: z.array(Sha256Schema).max(100),
    giftLineId: z.string().min(1).max(64).optional(),
    giftKind: z.enum(['coupon', 'points']).optional(),
    qty: z.number().int().positive().max(10_000).optional(),
    /** What the clerk said of it (a recycled item's description). */
    description: z.string().max(500).optional(),
    details: z.array(ReasonSchema),
  })
  .strict();
export type HqTask = z.infer<typeof HqTaskSchema>;

/** Why a carrier claim is opened, in the words the UI, the audit and HQ read. */
export const carrierClaimDetails = (units: number, amountMinor: number, carrier: string | null | undefined, carrierNoted: boolean): Reason[] => [
  reason('task.carrierClaim', { count: units, amountMinor, carrier: carrier ?? '', carrierNoted }),
];

/** What a recycled gift is, as the clerk said it. */
export const recyclingDetails = (description: string): Reason[] => [reason('task.recycling', { description })];
