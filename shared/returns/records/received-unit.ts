import { z } from 'zod';
import { IsoDate } from '../dates';
import { GtinSchema } from './expected-return';

/** One unit taken out of a parcel, under the licence plate (LPN) the station issued for it. */
export const ReceivedUnitSchema = z
  .object({
    lpn: z.string().min(1).max(32),
    parcelId: z.string().min(1).max(64),
    /**
     * The expected line it counts against. A wrong item names the line it came instead of; an
     * unexpected one (nothing left open to stand in for) names none.
     */
    expectedLineId: z.string().min(1).max(64).nullable(),
    match: z.enum(['matched', 'serial_mismatch', 'wrong_item', 'unexpected', 'over']),
    scan: z
      .object({
        raw: z.string().max(512),
        gtin: GtinSchema.optional(),
        serial: z.string().max(64).optional(),
        lot: z.string().max(64).optional(),
        expiry: IsoDate.optional(),
      })
      .strict(),
    qty: z.number().int().positive().max(10_000).default(1),
  })
  .strict();
export type ReceivedUnit = z.infer<typeof ReceivedUnitSchema>;
