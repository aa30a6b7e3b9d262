/** The records the station's decisions produce and keep (domain.md): inspections, gift checks, refunds, exceptions. */
import { z } from 'zod';
import { ACCEPTANCE_STATES, CHANNELS, DISPOSITION_CODES, EXCEPTION_KINDS, FAULT_PARTIES, GRADES } from '../codes';
import { UtcIso } from '../dates';
import { CurrencyCode, MinorUnits } from '../money';
import { REASON_KEYS } from '../reasons';
import { Sha256Schema } from './parcel';

export const ReasonSchema = z
  .object({ key: z.enum(REASON_KEYS), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional() })
  .strict();
export const PolicyRefSchema = z.object({ id: z.string().min(1), version: z.number().int().positive() }).strict();
export const CheckAnswerSchema = z.enum(['yes', 'no', 'na']);
export type CheckAnswer = z.infer<typeof CheckAnswerSchema>;

export const InspectionSchema = z
  .object({
    lpn: z.string().min(1).max(32),
    answers: z.record(z.string(), CheckAnswerSchema),
    photos: z.array(Sha256Schema).max(50).default([]),
    grade: z.enum(GRADES),
    disposition: z.enum(DISPOSITION_CODES),
    channel: z.enum(CHANNELS),
    faultParty: z.enum(FAULT_PARTIES),
    acceptance: z.enum(ACCEPTANCE_STATES),
    notes: z.string().max(2000).default(''),
    reasons: z.array(ReasonSchema),
    /** What the rules said, when a clerk or manager decided otherwise, and why. */
    override: z
      .object({
        by: z.string().min(1).max(64),
        reason: z.string().min(1).max(500),
        computed: z.object({ grade: z.enum(GRADES), disposition: z.enum(DISPOSITION_CODES), channel: z.enum(CHANNELS) }).strict(),
      })
      .strict()
      .optional(),
    policy: PolicyRefSchema,
    inspectedAt: UtcIso,
    clerkId: z.string().min(1).max(64),
  })
  .strict();
export type Inspection = z.infer<typeof InspectionSchema>;

export const GIFT_OUTCOMES = ['returned', 'not_required', 'missing', 'store_missed', 'extra', 'damaged', 'virtual'] as const;
export const GiftCheckSchema = z
  .object({
    rmaNo: z.string().min(1),
    giftLineId: z.string().min(1),
    parentLineId: z.string().min(1),
    /** Units that should come back with the main units returned. */
    expectedQty: z.number().int().nonnegative(),
    receivedQty: z.number().int().nonnegative(),
    damagedQty: z.number().int().nonnegative(),
    outcome: z.enum(GIFT_OUTCOMES),
    deductionMinor: MinorUnits,
    tasks: z.array(z.object({ kind: z.enum(['reship_request', 'return_extra', 'reverse_virtual']), qty: z.number().int().positive() }).strict()),
    reasons: z.array(ReasonSchema),
    policy: PolicyRefSchema,
  })
  .strict();
export type GiftCheck = z.infer<typeof GiftCheckSchema>;

export const RefundLineSchema = z
  .object({
    lineId: z.string().min(1),
    acceptedQty: z.number().int().nonnegative(),
    rejectedQty: z.number().int().nonnegative(),
    pendingQty: z.number().int().nonnegative(),
    unitPriceMinor: MinorUnits,
    grossMinor: MinorUnits,
    restockingFeeMinor: MinorUnits,
    reasons: z.array(ReasonSchema),
  })
  .strict();

export const RefundRecommendationSchema = z
  .object({
    rmaNo: z.string().min(1),
    currency: CurrencyCode,
    /** `needs_manager` while any unit waits for a manager's decision. */
    status: z.enum(['ready', 'needs_manager']),
    lines: z.array(RefundLineSchema),
    grossMinor: MinorUnits,
    restockingFeeMinor: MinorUnits,
    freight: z.object({ payer: z.enum(['customer', 'seller', 'none']), deductedMinor: MinorUnits, reimbursedMinor: MinorUnits }).strict(),
    giftDeductionMinor: MinorUnits,
    /** What the customer paid for what is being returned (plus postage they paid and are owed back). */
    paidMinor: MinorUnits,
    totalMinor: MinorUnits,
    reasons: z.array(ReasonSchema),
    policy: PolicyRefSchema,
  })
  .strict();
export type RefundRecommendation = z.infer<typeof RefundRecommendationSchema>;

export const ExceptionSchema = z
  .object({
    id: z.string().min(1).max(64),
    kind: z.enum(EXCEPTION_KINDS),
    status: z.enum(['open', 'resolved']),
    parcelId: z.string().max(64).optional(),
    rmaNo: z.string().max(40).optional(),
    lpn: z.string().max(32).optional(),
    lineId: z.string().max(64).optional(),
    details: z.array(ReasonSchema),
    resolution: z.string().max(1000).optional(),
    resolvedBy: z.string().max(64).optional(),
    createdAt: UtcIso,
    resolvedAt: UtcIso.optional(),
  })
  .strict();
export type ReturnException = z.infer<typeof ExceptionSchema>;

/** What a decision wants raised; the flow gives it an id, a time and a place when it records it. */
export interface ExceptionDraft {
  kind: z.infer<typeof ExceptionSchema>['kind'];
  lineId?: string;
  details: z.infer<typeof ReasonSchema>[];
}
