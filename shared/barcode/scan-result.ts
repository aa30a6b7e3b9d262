import { z } from 'zod';

/** What one scan is. `classifyScan` never throws: anything it cannot place is `unknown` or `invalid`. */
export const ScanResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('gtin'),
    /** 14 digits, zero-padded. */
    gtin: z.string().regex(/^\d{14}$/),
    /** The same digits also form a valid carrier tracking number: the flow decides by context. */
    trackingAlternative: z.object({ trackingNumber: z.string(), carrier: z.string() }).optional(),
  }),
  z.object({
    kind: z.literal('gs1'),
    /** Every element as scanned, keyed by its AI (dates stay YYMMDD here). */
    ais: z.record(z.string(), z.string()),
    gtin: z
      .string()
      .regex(/^\d{14}$/)
      .optional(),
    sscc: z
      .string()
      .regex(/^\d{18}$/)
      .optional(),
    lot: z.string().optional(),
    serial: z.string().optional(),
    /** AI 17 as YYYY-MM-DD; DD=00 means the last day of the month. */
    expiry: z.string().optional(),
    /** AI 15 as YYYY-MM-DD. */
    bestBefore: z.string().optional(),
  }),
  z.object({ kind: z.literal('sscc'), sscc: z.string().regex(/^\d{18}$/) }),
  z.object({ kind: z.literal('tracking'), trackingNumber: z.string(), carrier: z.string() }),
  z.object({ kind: z.literal('rma'), rma: z.string() }),
  z.object({ kind: z.literal('lpn'), lpn: z.string() }),
  /** A container at the packing bench (a tote, a gaylord, a vendor's pallet): `CTN` + the station's prefix + a counter. */
  z.object({ kind: z.literal('container'), container: z.string() }),
  z.object({ kind: z.literal('command'), command: z.string() }),
  /** Has a known format's shape but fails its check (check digit, date, AI). */
  z.object({ kind: z.literal('invalid'), reason: z.string() }),
  z.object({ kind: z.literal('unknown') }),
]);
export type ScanResult = z.infer<typeof ScanResultSchema>;
export type ScanKind = ScanResult['kind'];
