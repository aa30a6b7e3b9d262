import { z } from 'zod';

/** What HQ's administration lists (the CLI on HQ's machine, and the console): a station as HQ sees it, a report key. */
export const StationRowSchema = z.object({
  warehouseId: z.string(),
  stationId: z.string(),
  lpnPrefix: z.string(),
  state: z.enum(['enrolled', 'revoked', 'waiting']),
  enrolledAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastPushAt: z.string().nullable(),
  lastSeq: z.number(),
  openCodes: z.number(),
  appVersion: z.string().nullable(),
  clockSkewMs: z.number().nullable(),
  recordsWaiting: z.number().nullable(),
  auditBrokenAt: z.string().nullable(),
  auditEvents: z.number(),
});
export const ReportKeyRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  warehouseId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
