/**
 * HQ's people: who signs in to the console, with which role, over which warehouses. What each role may do
 * is said once, here, and read by HQ (which refuses) and the console (which hides what would be refused).
 */
import { z } from 'zod';

export const HQ_ROLES = ['admin', 'operations', 'finance', 'customer_service', 'viewer'] as const;
export type HqRole = (typeof HQ_ROLES)[number];

export const HqUserSchema = z.object({
  login: z.string(),
  name: z.string(),
  role: z.enum(HQ_ROLES),
  /** null: every warehouse. */
  warehouseId: z.string().nullable(),
});
export type HqUser = z.infer<typeof HqUserSchema>;

/**
 * What a person may do beyond reading the reports of their warehouses (every role reads them):
 * - `fleet`: warehouses, stations, enrolment codes, report keys, reference data, people;
 * - `refunds`: settle a refund two stations both paid, advance a carrier claim or a gift task;
 * - `exceptions`: resolve an exception a station escalated.
 */
export const ROLE_CAN = {
  admin: ['fleet', 'refunds', 'exceptions'],
  operations: ['refunds', 'exceptions'],
  finance: ['refunds'],
  customer_service: ['exceptions'],
  viewer: [],
} as const satisfies Record<HqRole, readonly string[]>;
export type HqPermission = 'fleet' | 'refunds' | 'exceptions';

export const roleCan = (role: HqRole, what: HqPermission) => (ROLE_CAN[role] as readonly string[]).includes(what);
