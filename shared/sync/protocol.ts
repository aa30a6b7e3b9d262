/**
 * The station ⇄ HQ sync protocol: what a push carries, what HQ answers, what a pull returns. Shared by
 * the station (renderer sync engine, Node HTTP client) and HQ, so both sides validate the same shapes.
 */
import { z } from 'zod';
import { AuditEventSchema, AuditLinkSchema } from '../audit/audit-event';
import { CatalogItemSchema } from '../returns/records/catalog';
import { ExpectedReturnSchema } from '../returns/records/expected-return';
import { PolicySchema } from '../returns/policy/schema';
import { StationUserSchema } from '../returns/records/user';

export const SYNC_PROTOCOL_VERSION = 1;
export const PUSH_BATCH_MAX = 500;
/**
 * Batches a station keeps on the way to HQ while it drains a backlog: the next one is validated and planned
 * at HQ while the one before it commits (HQ takes one station's batches in order, under its row's lock).
 */
export const PUSHES_IN_FLIGHT = 2;
/** Photos are uploaded whole up to this size (a 10 MB webcam still is far beyond a dock photo). */
export const BLOB_MAX_BYTES = 10 * 1024 * 1024;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');
export const InstallId = z.uuid();
const Id = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'capital letters, digits and dashes');

export const EnrolRequestSchema = z
  .object({
    warehouseId: Id,
    stationId: Id,
    code: z.string().min(8).max(64),
    installId: InstallId,
    /** Take over a station id another install holds (a manager replacing that computer on purpose). */
    replace: z.boolean().optional(),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const EnrolResponseSchema = z.object({
  token: z.string().min(20).max(300),
  warehouseId: Id,
  stationId: Id,
  /** The station's own LPN prefix, unique in the company: LPNs never collide between stations. */
  lpnPrefix: z.string().regex(/^[0-9A-Z]{2,4}$/),
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

export const OutboxItemSchema = z
  .object({
    seq: z.number().int().positive(),
    type: z.string().min(1).max(64),
    /** The payload schema's version for this type. */
    v: z.number().int().positive(),
    payload: z.unknown(),
    createdAt: z.iso.datetime(),
  })
  .strict();
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/** Audit events a push may carry: the station sends them in order from the last head HQ acknowledged. */
export const PUSH_AUDIT_MAX = 2000;

export const PushRequestSchema = z
  .object({
    installId: InstallId,
    items: z.array(OutboxItemSchema).min(1).max(PUSH_BATCH_MAX),
    // Whole events (HQ checks each hash and keeps them), or only the links from a station older than that.
    audit: z
      .array(z.union([AuditEventSchema, AuditLinkSchema]))
      .max(PUSH_AUDIT_MAX)
      .default([]),
    /** How the station is, for HQ's fleet view: its version, its clock when it sent this, records still waiting. */
    health: z
      .object({
        version: z.string().max(40).optional(),
        sentAt: z.iso.datetime().optional(),
        waiting: z.number().int().nonnegative().max(100_000_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PushRequest = z.input<typeof PushRequestSchema>;

export const PushResponseSchema = z.object({
  /** Every item up to here is durably at HQ (applied, or kept as rejected): the station may mark them sent. */
  ackSeq: z.number().int().nonnegative(),
  /** Items HQ refused for good, with why: kept at HQ, shown to the station's manager; the cursor moved on. */
  rejected: z.array(z.object({ seq: z.number().int().positive(), code: z.string(), message: z.string() })),
  auditHeadSeq: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const REFERENCE_KINDS = ['expectedReturn', 'catalog', 'policy', 'user', 'returnReceipts', 'exceptionResolution'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/**
 * What every station of a warehouse received for one return (HQ writes it as pushes arrive; a station asks
 * for it with `with=receipts`): a parcel scanned here says another station already received its return.
 */
export const ReturnReceiptsSchema = z.object({
  rmaNo: z.string(),
  parcels: z.array(z.object({ station: z.string(), parcelId: z.string(), at: z.string() }).loose()),
  units: z.array(z.object({ station: z.string(), lpn: z.string(), at: z.string(), lineId: z.string().nullable(), acceptance: z.string() }).loose()),
});
export type ReturnReceipts = z.infer<typeof ReturnReceiptsSchema>;

/** An exception a station raised, resolved by a person at HQ: the station settles it (and a parcel it held). */
export const ExceptionResolutionSchema = z.object({
  exceptionId: z.string().min(1).max(64),
  stationId: z.string(),
  parcelId: z.string().nullable(),
  resolution: z.string().min(1).max(1000),
  resolvedBy: z.string().min(1).max(64),
  resolvedAt: z.string(),
  /** A refund conflict settled at HQ: the return, and the station's refund decisions that HQ released or denied. */
  rmaNo: z.string().max(40).optional(),
  refundDecisions: z.object({ ids: z.array(z.string().max(64)).max(100), hqStatus: z.enum(['released', 'denied']) }).optional(),
});
export type ExceptionResolution = z.infer<typeof ExceptionResolutionSchema>;

/** A row to store (its body checked by the same schema the station's own import uses), or a tombstone. */
export const ReferenceRowSchema = z.union([
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('expectedReturn'), key: z.string(), deleted: z.literal(false), body: ExpectedReturnSchema }),
    z.object({ kind: z.literal('catalog'), key: z.string(), deleted: z.literal(false), body: CatalogItemSchema }),
    z.object({ kind: z.literal('policy'), key: z.string(), deleted: z.literal(false), body: PolicySchema }),
    z.object({ kind: z.literal('user'), key: z.string(), deleted: z.literal(false), body: StationUserSchema }),
    z.object({ kind: z.literal('returnReceipts'), key: z.string(), deleted: z.literal(false), body: ReturnReceiptsSchema }),
    z.object({ kind: z.literal('exceptionResolution'), key: z.string(), deleted: z.literal(false), body: ExceptionResolutionSchema }),
  ]),
  z.object({ kind: z.enum(REFERENCE_KINDS), key: z.string(), deleted: z.literal(true) }),
]);
export type ReferenceRow = z.infer<typeof ReferenceRowSchema>;

export const PullResponseSchema = z.object({
  rows: z.array(ReferenceRowSchema),
  /** Opaque: pass it back to continue. */
  checkpoint: z.string().max(200),
  /** HQ rebuilt the data set: drop what was pulled before and start again from `checkpoint`. */
  reset: z.boolean(),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** Every 4xx and 5xx from HQ: a code for programs (shared/errors/codes.ts), a message for a person. */
export const HqErrorSchema = z.object({ code: z.string(), message: z.string() });
