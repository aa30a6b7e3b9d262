import { z } from 'zod';
import { UtcIso } from '../dates';

export const OUTER_CONDITIONS = ['intact', 'dented', 'torn', 'crushed', 'wet', 'tampered'] as const;
export const OuterConditionSchema = z.enum(OUTER_CONDITIONS);
export type OuterCondition = z.infer<typeof OuterConditionSchema>;
/** Outer damage that points at the carrier when the item inside is damaged too. */
export const CARRIER_DAMAGE_CONDITIONS: readonly OuterCondition[] = ['torn', 'crushed', 'wet'];

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');

export const ParcelWeightSchema = z
  .object({
    grams: z.number().int().nonnegative().max(1_000_000),
    stable: z.boolean(),
    source: z.enum(['scale', 'manual']),
    scaleId: z.string().max(64).optional(),
    /** A typed weight is flagged and needs its reason. */
    manualReason: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((w) => w.source !== 'manual' || w.manualReason, { message: 'a manual weight needs a reason', path: ['manualReason'] });

export const PARCEL_STATES = ['open', 'inspecting', 'closed', 'held', 'voided'] as const;

export const ParcelSchema = z
  .object({
    id: z.string().min(1).max(64),
    trackingNumber: z.string().max(40).optional(),
    carrier: z.string().max(32).optional(),
    /** Matched to an expected return, or received blind (then an exception is raised). */
    match: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('rma'), rmaNo: z.string().min(1), by: z.enum(['rma', 'tracking', 'order']) }).strict(),
      z.object({ kind: z.literal('blind') }).strict(),
    ]),
    weight: ParcelWeightSchema.optional(),
    outerCondition: OuterConditionSchema,
    photos: z.array(Sha256Schema).max(50).default([]),
    status: z.enum(PARCEL_STATES),
    openedAt: UtcIso,
    closedAt: UtcIso.optional(),
    /** When the customer handed it to the carrier, if the carrier says so: the return window counts to here. */
    handedToCarrierAt: UtcIso.optional(),
    clerkId: z.string().min(1).max(64),
    stationId: z.string().min(1).max(32),
  })
  .strict();
export type Parcel = z.infer<typeof ParcelSchema>;
