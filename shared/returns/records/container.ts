/**
 * A container at the packing bench: a tote for restock, a gaylord for liquidation, a pallet per vendor for
 * returns to vendor. Opened for one route (and one vendor, for returns to vendor) by printing its label;
 * units are scanned into it; closed with its count and weight and a manifest label; reopened only by a manager.
 */
import { z } from 'zod';
import { CHANNELS } from '../codes';
import { UtcIso } from '../dates';

/** Every route but quarantine has containers: a quarantined unit waits for a manager, in no container. */
export const CONTAINER_ROUTES = CHANNELS.filter((c) => c !== 'quarantine') as Exclude<(typeof CHANNELS)[number], 'quarantine'>[];
export type ContainerRoute = (typeof CONTAINER_ROUTES)[number];

export const ContainerIdSchema = z.string().regex(/^CTN[0-9A-Z]{10}$/);

export const ContainerSchema = z
  .object({
    id: ContainerIdSchema,
    route: z.enum(CONTAINER_ROUTES as [ContainerRoute, ...ContainerRoute[]]),
    /** Returns to vendor: one pallet per vendor. */
    vendor: z.string().min(1).max(80).optional(),
    status: z.enum(['open', 'closed']),
    openedAt: UtcIso,
    openedBy: z.string().min(1).max(64),
    closedAt: UtcIso.optional(),
    closedBy: z.string().min(1).max(64).optional(),
    /** At its close: how many units, and what it weighed (grams; from the scale, or typed with a reason). */
    units: z.number().int().nonnegative().max(100_000).optional(),
    weightGrams: z.number().int().nonnegative().max(10_000_000).optional(),
    weightSource: z.enum(['scale', 'manual']).optional(),
  })
  .strict();
export type Container = z.infer<typeof ContainerSchema>;
