/**
 * One versioned schema per outbox type: what the station promises HQ each record holds. The ledger
 * stamps each row with its type's version; HQ validates with the same schema before applying, and a
 * record that fails is rejected (kept, reported) rather than applied half-understood.
 */
import { z } from 'zod';
import { ContainerIdSchema, ContainerSchema } from '../returns/records/container';
import { HqTaskSchema } from '../returns/records/hq-task';
import { ExceptionSchema, RefundRecommendationSchema } from '../returns/records/outcomes';
import { OuterConditionSchema, ParcelWeightSchema } from '../returns/records/parcel';

const Iso = z.iso.datetime();
const Id = z.string().min(1).max(64);
const Sha = z.string().regex(/^[0-9a-f]{64}$/);
const ParcelRef = { id: Id };

const unit = z
  .object({
    lpn: z.string().min(1).max(32),
    parcelId: Id,
    rmaNo: z.string().max(40).optional(),
    expectedLineId: z.string().max(64).nullable(),
    match: z.string(),
    grade: z.string(),
    disposition: z.string().optional(),
    channel: z.string().optional(),
    acceptance: z.string(),
    faultParty: z.string().optional(),
    inspectedAt: Iso,
    clerkId: Id,
    qty: z.number().int().positive().max(10_000),
    photos: z.array(Sha).optional(),
  })
  .loose();

export const OUTBOX_TYPES = {
  'parcel.opened': {
    v: 1,
    schema: z
      .object({
        ...ParcelRef,
        stationId: Id,
        scanned: z.string().max(512),
        match: z.unknown(),
        rmaNos: z.array(z.string()),
        trackingNumber: z.string().nullable(),
        carrier: z.string().nullable(),
        openedAt: Iso,
        clerkId: Id,
      })
      .loose(),
  },
  'parcel.returnAdded': { v: 1, schema: z.object({ ...ParcelRef, rmaNo: z.string().min(1).max(40), scanned: z.string().max(512) }).loose() },
  'parcel.weighed': { v: 1, schema: z.object({ ...ParcelRef, weight: ParcelWeightSchema, reweighed: z.boolean() }).loose() },
  'parcel.condition': { v: 1, schema: z.object({ ...ParcelRef, outerCondition: OuterConditionSchema }).loose() },
  'parcel.carrierNoted': { v: 1, schema: z.object(ParcelRef).loose() },
  /** When the customer handed the parcel to the carrier, from the carrier's receipt: return windows count to it. */
  'parcel.handedToCarrier': { v: 1, schema: z.object({ ...ParcelRef, at: Iso, by: Id }).loose() },
  'parcel.voided': { v: 1, schema: z.object({ ...ParcelRef, reason: z.string(), by: Id, at: Iso }).loose() },
  'parcel.reopened': { v: 1, schema: z.object({ ...ParcelRef, reason: z.string(), by: Id, at: Iso }).loose() },
  'parcel.completed': {
    v: 1,
    schema: z
      .object({
        ...ParcelRef,
        status: z.enum(['closed', 'held']),
        rmaNos: z.array(z.string()),
        units: z.array(z.string()),
        refundDecisions: z.array(Id),
        exceptions: z.array(Id),
        closedAt: Iso,
      })
      .loose(),
  },
  'parcel.closed': { v: 1, schema: z.object({ ...ParcelRef, at: Iso, by: Id }).loose() },
  'photo.added': {
    v: 1,
    schema: z.object({ sha256: Sha, bytes: z.number().int().nonnegative(), parcelId: Id, entity: z.string(), entityId: z.string(), takenAt: Iso }).loose(),
  },
  'unit.received': { v: 1, schema: unit },
  'unit.corrected': {
    v: 1,
    schema: z
      .object({ lpn: z.string(), before: z.unknown(), after: z.object({ disposition: z.string(), channel: z.string() }), reason: z.string(), by: Id, at: Iso })
      .loose(),
  },
  'unit.decided': {
    v: 1,
    schema: z
      .object({
        lpn: z.string(),
        before: z.unknown(),
        after: z.object({ acceptance: z.enum(['accepted', 'rejected']), disposition: z.string(), channel: z.string() }),
        reason: z.string(),
        by: Id,
        at: Iso,
      })
      .loose(),
  },
  'labelJob.created': { v: 1, schema: z.object({ id: Id, code: z.string(), kind: z.string(), reprintOf: z.string().nullable(), createdAt: Iso }).loose() },
  /** Work only HQ can finish: a carrier claim, a virtual gift to reverse, recycling points to award. */
  'task.opened': { v: 1, schema: HqTaskSchema },
  /** The packing bench: containers opened for a route, units put in (or taken out, with a reason), closed with their weight. */
  'container.opened': { v: 1, schema: ContainerSchema.extend({ status: z.literal('open'), labelJobId: Id.optional() }) },
  'container.unitAdded': {
    v: 1,
    schema: z
      .object({
        containerId: ContainerIdSchema,
        lpn: z.string().min(1).max(32),
        at: Iso,
        by: Id,
        movedFrom: ContainerIdSchema.optional(),
        reason: z.string().max(500).optional(),
      })
      .loose(),
  },
  'container.unitRemoved': {
    v: 1,
    schema: z.object({ containerId: ContainerIdSchema, lpn: z.string().min(1).max(32), at: Iso, by: Id, reason: z.string().min(1).max(500) }).loose(),
  },
  'container.closed': {
    v: 1,
    schema: z
      .object({
        id: ContainerIdSchema,
        at: Iso,
        by: Id,
        lpns: z.array(z.string().min(1).max(32)).max(100_000),
        weightGrams: z.number().int().nonnegative().max(10_000_000),
        weightSource: z.enum(['scale', 'manual']),
        manifestJobId: Id.optional(),
      })
      .loose(),
  },
  'container.reopened': { v: 1, schema: z.object({ id: ContainerIdSchema, at: Iso, by: Id, reason: z.string().min(1).max(500) }).loose() },
  /** A unit going back to stock, labelled for the shelf (its product barcode, name, grade, size). */
  'unit.relabelled': {
    v: 1,
    schema: z.object({ lpn: z.string().min(1).max(32), at: Iso, by: Id, gtin: z.string().max(14).optional(), labelJobId: Id }).loose(),
  },
  'exception.raised': { v: 1, schema: ExceptionSchema },
  'exception.resolved': { v: 1, schema: ExceptionSchema },
  'refund.decided': {
    v: 1,
    schema: z
      .object({
        id: Id,
        rmaNo: z.string().min(1).max(40),
        seq: z.number().int().positive(),
        parcelId: Id,
        cause: z.enum(['parcel', 'correction']),
        decidedAt: Iso,
        decidedBy: Id,
        previousTotalMinor: z.number().int(),
        deltaMinor: z.number().int(),
        complete: z.boolean(),
        recommendation: RefundRecommendationSchema,
        /** The return's lines as the station knew them (HQ's own expected return comes first). */
        returnLines: z
          .array(z.object({ lineId: z.string().min(1).max(64), qty: z.number().int().positive().max(10_000) }))
          .max(500)
          .optional(),
        /** The day it must be paid by (business days from its own receipt). */
        dueOn: z.iso.date().optional(),
      })
      .loose(),
  },
  'day.closed': {
    v: 1,
    schema: z
      .object({
        date: z.iso.date(),
        stationId: Id,
        timeZone: z.string().min(1).max(64),
        from: Iso,
        to: Iso,
        closedAt: Iso,
        by: Id,
        counts: z
          .object({ parcels: z.number().int().nonnegative(), units: z.number().int().nonnegative(), exceptions: z.number().int().nonnegative() })
          .loose(),
        refundTotals: z.array(
          z.object({ currency: z.string(), count: z.number().int(), totalMinor: z.number().int(), dayDeltaMinor: z.number().int() }).loose(),
        ),
        variances: z.record(z.string(), z.number().int()),
        auditHead: z.object({ seq: z.number().int().nonnegative(), hash: z.string() }),
      })
      .loose(),
  },
  'day.reopened': { v: 1, schema: z.object({ date: z.iso.date(), stationId: Id, at: Iso, by: Id, reason: z.string().min(1).max(500) }).loose() },
} as const satisfies Record<string, { v: number; schema: z.ZodType }>;

export type OutboxType = keyof typeof OUTBOX_TYPES;
export const isOutboxType = (t: string): t is OutboxType => Object.hasOwn(OUTBOX_TYPES, t);
