import { z } from 'zod';
import { UtcIso } from '../dates';
import { CurrencyCode, MinorUnits } from '../money';

export const GtinSchema = z.string().regex(/^\d{14}$/, 'a 14-digit GTIN');

/** Why the customer says they return it; decides, with the inspection, who is at fault. */
export const RETURN_REASONS = [
  'no_reason', // 七天无理由 / no-questions-asked
  'changed_mind',
  'wrong_size',
  'quality_defect',
  'not_as_described',
  'wrong_item_sent',
  'missing_parts',
  'damaged_in_transit',
] as const;
export const ReturnReasonSchema = z.enum(RETURN_REASONS);
export type ReturnReason = z.infer<typeof ReturnReasonSchema>;

/** Reasons that claim the seller (or carrier) is at fault; the inspection must confirm them. */
export const FAULT_CLAIM_REASONS: readonly ReturnReason[] = ['quality_defect', 'not_as_described', 'wrong_item_sent', 'missing_parts', 'damaged_in_transit'];

export const ExpectedLineSchema = z
  .object({
    lineId: z.string().min(1).max(64),
    sku: z.string().min(1).max(64),
    gtin: GtinSchema.optional(),
    name: z.string().min(1).max(200),
    category: z.string().min(1).max(64),
    /** Units the customer is returning. */
    qty: z.number().int().positive().max(10_000),
    /** Units of this line the store actually shipped to the customer (a gift may have been forgotten). */
    shippedQty: z.number().int().nonnegative().max(10_000).optional(),
    /** What the customer paid per unit, after discounts; 0 for a free gift. */
    unitPriceMinor: MinorUnits,
    isGift: z.boolean().default(false),
    /** For a gift (赠品): the main line it came with. */
    parentLineId: z.string().min(1).max(64).optional(),
    /** A gift's share of its main line's price, when the promotion allocated one (policy may use it). */
    giftAllocatedMinor: MinorUnits.optional(),
    /** A gift that is an item, or a virtual one (a coupon, points) that never travels in a parcel: HQ reverses it. */
    giftKind: z.enum(['item', 'coupon', 'points']).default('item'),
    /** For a points gift: how many points came with the order. */
    giftPoints: z.number().int().positive().max(100_000_000).optional(),
    shippedSerials: z.array(z.string().min(1).max(64)).max(10_000).default([]),
    /** Expected weight of one unit, in grams. */
    unitWeightGrams: z.number().int().positive().max(1_000_000).optional(),
    /** Customised, perishable, hygiene or digital goods: no return without a fault. */
    excludedFromNoReason: z.boolean().default(false),
  })
  .strict();
export type ExpectedLine = z.infer<typeof ExpectedLineSchema>;

export const ExpectedReturnSchema = z
  .object({
    rmaNo: z.string().min(1).max(40),
    orderNo: z.string().min(1).max(40),
    /** Name only: the station needs no more personal data than that. */
    customer: z
      .object({
        name: z.string().max(100),
        id: z.string().max(64).optional(),
        /** SHA-256 of the normalised phone or e-mail (HQ computes it): who returns often, without the contact itself. */
        contactHash: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      })
      .strict(),
    warehouseId: z.string().min(1).max(32),
    channel: z.string().min(1).max(32),
    createdAt: UtcIso,
    /** When the order reached the customer: return windows count from here. */
    deliveredAt: UtcIso.optional(),
    /** The marketplace's last day to get the return in, if it set one. */
    deadline: UtcIso.optional(),
    /** When the customer handed the return to the carrier (from the marketplace or the carrier's data): windows count to here. */
    handedToCarrierAt: UtcIso.optional(),
    reason: ReturnReasonSchema,
    customerComment: z.string().max(1000).optional(),
    /** Tracking numbers of the return shipment(s), when known. */
    trackingNumbers: z.array(z.string().min(1).max(40)).max(20).default([]),
    currency: CurrencyCode,
    /** The policy HQ decided applies (id); without one the station picks by currency. */
    policyId: z.string().min(1).max(40).optional(),
    /** The version of that policy in force when the order was placed; without one, the newest held. */
    policyVersion: z.number().int().positive().optional(),
    /** What the return shipment costs and who paid it up front (a prepaid label is the seller paying). */
    returnFreight: z
      .object({ amountMinor: MinorUnits, paidBy: z.enum(['customer', 'seller']) })
      .strict()
      .optional(),
    status: z.enum(['open', 'cancelled']).default('open'),
    /** What the customer asked for: money back, or a replacement (换货: another size, a new unit for a faulty one). */
    resolution: z.enum(['refund', 'exchange']).default('refund'),
    lines: z.array(ExpectedLineSchema).min(1).max(500),
  })
  .strict()
  .superRefine((ret, ctx) => {
    const ids = new Set<string>();
    ret.lines.forEach((line, i) => {
      if (ids.has(line.lineId)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'lineId'], message: `line ${line.lineId} appears twice` });
      ids.add(line.lineId);
    });
    ret.lines.forEach((line, i) => {
      if (line.isGift) {
        const parent = ret.lines.find((l) => l.lineId === line.parentLineId);
        if (!line.parentLineId || !parent) {
          ctx.addIssue({ code: 'custom', path: ['lines', i, 'parentLineId'], message: `gift line ${line.lineId} must name the main line it came with` });
        } else if (parent.isGift) {
          ctx.addIssue({ code: 'custom', path: ['lines', i, 'parentLineId'], message: `gift line ${line.lineId} points at another gift` });
        }
      } else if (line.parentLineId !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'parentLineId'], message: `line ${line.lineId} is not a gift but names a parent line` });
      }
      if (line.shippedQty !== undefined && line.shippedQty > line.qty) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'shippedQty'], message: 'more shipped than the return covers' });
      }
    });
  });
export type ExpectedReturn = z.infer<typeof ExpectedReturnSchema>;
