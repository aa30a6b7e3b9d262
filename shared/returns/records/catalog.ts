import { z } from 'zod';
import { CurrencyCode, MinorUnits } from '../money';
import { GtinSchema } from './expected-return';

/** What the station knows about a product by its GTIN (pulled from HQ, or imported before sync exists). */
export const CatalogItemSchema = z
  .object({
    gtin: GtinSchema,
    sku: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    /** The other language's name, when the catalog has both (zh-CN and en). */
    altName: z.string().max(200).optional(),
    category: z.string().min(1).max(64),
    priceMinor: MinorUnits,
    currency: CurrencyCode,
    unitWeightGrams: z.number().int().positive().max(1_000_000).optional(),
    /** How much one unit's weight varies (standard deviation, grams): shoes in a box vary, a phone does not. */
    unitWeightSigmaGrams: z.number().int().nonnegative().max(100_000).optional(),
    /** Who takes it back when it is returned to vendor (one pallet per vendor at the packing bench). */
    vendor: z.string().min(1).max(80).optional(),
    /** The size or capacity the shelf label shows (M, 42, 50ml, 128GB). */
    size: z.string().min(1).max(32).optional(),
  })
  .strict();
export type CatalogItem = z.infer<typeof CatalogItemSchema>;
