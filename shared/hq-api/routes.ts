/**
 * HQ's HTTP API: the only place that names its routes. Each says its method and path, who may call it
 * (`auth`), and the schemas of its path parameters, query and body — which HQ checks before any handler
 * runs (a failure is `400 invalid_request`, never a 500) — and of its JSON answer, which the station's
 * client checks. HQ's server registers exactly these routes (hq/src/http/routes.ts); the station's link
 * builds its requests from them (electron/services/hq/hq-link.ts). Compare shared/ipc/contract.ts.
 */
import { z } from 'zod';
import { isTimeZone } from '../returns/dates';
import { ReportKeyRowSchema, StationRowSchema } from './admin-rows';
import { HQ_ROLES, HqUserSchema, type HqPermission } from './people';
import {
  BLOB_MAX_BYTES,
  EnrolRequestSchema,
  EnrolResponseSchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
  Sha256Hex,
} from '../sync/protocol';

/**
 * Who may call a route: anyone, an enrolled station's token, a report key or a console session (reports),
 * HQ's administrator (the running HQ's secret from its own machine, or a console session whose role may:
 * see `can`), or any console session (`user`).
 */
export type RouteAuth = 'none' | 'station' | 'report' | 'admin' | 'user';

export interface HqRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  auth: RouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  /** JSON body schema, or 'bytes' for an application/octet-stream body. */
  body?: z.ZodType | 'bytes';
  /** The JSON answer; absent for a file (CSV, a photo). */
  response?: z.ZodType;
  /** Bytes a body may have, read only after the caller is known. */
  bodyLimit?: number;
  /** An `admin` route called from the console: what the person's role must allow (`read`: anyone signed in, within their warehouse). Default `fleet`. */
  can?: HqPermission | 'read';
}

/** A text a person typed or a program sent, without control characters (U+0000 breaks PostgreSQL's text). */
const Text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
export const IdSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'capital letters, digits and dashes (2–32)');
const Day = z.iso.date();

/** A range of days for a report, counted in a time zone. */
export const RangeQuerySchema = z
  .object({
    from: Day,
    to: Day,
    /** One warehouse, or (for a key that may) all of them. */
    warehouse: IdSchema.optional(),
    /** The zone days are counted in. */
    tz: z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').default('UTC'),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'at most 366 days at once', path: ['to'] });
export type RangeQuery = z.output<typeof RangeQuerySchema>;

const WarehouseQuery = z.object({ warehouse: IdSchema.optional() }).strict();

/** `<epoch>:<xid>:<kind>:<key>` as HQ gave it; empty for the start. */
export const PullQuerySchema = z
  .object({
    checkpoint: z
      .string()
      .max(300)
      .regex(/^$|^\d{1,9}:\d{1,19}:[a-zA-Z]{0,32}:[^\u0000-\u001f]{0,200}$/, 'a checkpoint HQ gave (or empty)')
      .default(''),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
    /**
     * What else the station reads (comma-separated): `receipts`, what other stations of the warehouse received
     * for its returns; `resolutions`, exceptions resolved at HQ. An older station asks for neither.
     */
    with: z
      .string()
      .regex(/^(?:receipts|resolutions)(?:,(?:receipts|resolutions))?$/, 'receipts and/or resolutions')
      .transform((v) => new Set(v.split(',')))
      .optional(),
  })
  .strict();

export const HealthSchema = z.object({ ok: z.boolean(), database: z.enum(['postgresql', 'pglite']) });
export const BlobStoredSchema = z.object({ sha256: Sha256Hex, stored: z.boolean() });
const Rows = z.object({ rows: z.array(z.unknown()) });

export const LpnParams = z.object({ lpn: z.string().regex(/^[A-Z0-9-]{1,32}$/, 'an LPN: capital letters and digits') }).strict();
export const RmaParams = z.object({ rmaNo: Text(40) }).strict();

export { ReportKeyRowSchema, StationRowSchema } from './admin-rows';
const StationParams = z.object({ warehouseId: IdSchema, stationId: IdSchema }).strict();
const WarehouseParams = z.object({ warehouseId: IdSchema }).strict();

export const HQ_ROUTES = {
  health: { method: 'GET', path: '/v1/health', auth: 'none', response: HealthSchema },
  enrol: { method: 'POST', path: '/v1/enrol', auth: 'none', body: EnrolRequestSchema, response: EnrolResponseSchema, bodyLimit: 4096 },
  push: { method: 'POST', path: '/v1/sync/push', auth: 'station', body: PushRequestSchema, response: PushResponseSchema, bodyLimit: 8 * 1024 * 1024 },
  pull: { method: 'GET', path: '/v1/sync/pull', auth: 'station', query: PullQuerySchema, response: PullResponseSchema },
  putBlob: {
    method: 'PUT',
    path: '/v1/blobs/:sha256',
    auth: 'station',
    params: z.object({ sha256: Sha256Hex }).strict(),
    body: 'bytes',
    response: BlobStoredSchema,
    bodyLimit: BLOB_MAX_BYTES,
  },

  intake: { method: 'GET', path: '/v1/reports/intake', auth: 'report', query: RangeQuerySchema, response: Rows },
  refunds: { method: 'GET', path: '/v1/reports/refunds', auth: 'report', query: RangeQuerySchema, response: Rows },
  returnRate: {
    method: 'GET',
    path: '/v1/reports/return-rate',
    auth: 'report',
    query: RangeQuerySchema,
    response: z.object({ byCategory: z.array(z.unknown()), byCategoryAndReason: z.array(z.unknown()) }),
  },
  giftTasks: { method: 'GET', path: '/v1/reports/gift-tasks', auth: 'report', query: RangeQuerySchema, response: Rows },
  dayCloses: { method: 'GET', path: '/v1/reports/day-closes', auth: 'report', query: RangeQuerySchema, response: Rows },
  exceptions: { method: 'GET', path: '/v1/reports/exceptions', auth: 'report', query: WarehouseQuery, response: Rows },
  refundConflicts: { method: 'GET', path: '/v1/reports/refund-conflicts', auth: 'report', query: WarehouseQuery, response: Rows },
  refundsDue: { method: 'GET', path: '/v1/reports/refunds-due', auth: 'report', query: WarehouseQuery, response: Rows },
  /** The packing bench: containers opened in the range, by route and vendor, with what is in each. */
  containers: { method: 'GET', path: '/v1/reports/containers', auth: 'report', query: RangeQuerySchema, response: Rows },
  /** Per unit whose container closed in the range: its parcel's scan to its container's close, and per route. */
  dockToStock: {
    method: 'GET',
    path: '/v1/reports/dock-to-stock',
    auth: 'report',
    query: RangeQuerySchema,
    response: z.object({ units: z.array(z.unknown()), byRoute: z.array(z.unknown()) }),
  },
  hqTasks: {
    method: 'GET',
    path: '/v1/reports/tasks',
    auth: 'report',
    query: z
      .object({
        warehouse: IdSchema.optional(),
        kind: z.enum(['carrier_claim', 'virtual_gift_reversal', 'recycling_points']).optional(),
        status: z.enum(['open', 'submitted', 'paid', 'denied', 'done', 'awarded', 'refused']).optional(),
      })
      .strict(),
    response: Rows,
  },
  returnsCsv: { method: 'GET', path: '/v1/reports/returns.csv', auth: 'report', query: RangeQuerySchema },
  evidence: {
    method: 'GET',
    path: '/v1/reports/evidence/:lpn',
    auth: 'report',
    params: LpnParams,
    query: WarehouseQuery,
    response: z.object({ lpn: z.string() }).loose(),
  },
  timeline: {
    method: 'GET',
    path: '/v1/reports/returns/:rmaNo/timeline',
    auth: 'report',
    params: RmaParams,
    query: WarehouseQuery,
    response: z.object({ rmaNo: z.string(), steps: z.array(z.unknown()) }).loose(),
  },
  photo: {
    method: 'GET',
    path: '/v1/reports/photos/:warehouseId/:sha256',
    auth: 'report',
    params: z.object({ warehouseId: IdSchema, sha256: Sha256Hex }).strict(),
  },

  /** The console: a person signs in (a session cookie, and a CSRF token the page sends with each change). */
  session: {
    method: 'POST',
    path: '/v1/session',
    auth: 'none',
    body: z.object({ login: Text(64), password: z.string().min(1).max(200) }).strict(),
    response: z.object({ user: HqUserSchema, csrf: z.string() }),
    bodyLimit: 4096,
  },
  /** Who this browser is signed in as (null: nobody, a page then shows its sign-in; never a 401 to log). */
  sessionGet: { method: 'GET', path: '/v1/session', auth: 'none', response: z.object({ user: HqUserSchema.nullable(), csrf: z.string().nullable() }) },
  sessionEnd: { method: 'DELETE', path: '/v1/session', auth: 'user', response: z.object({ signedOut: z.boolean() }) },
  /** Returns found by RMA, order, tracking number, LPN or customer, newest first. */
  findReturns: {
    method: 'GET',
    path: '/v1/reports/find',
    auth: 'report',
    query: z.object({ q: Text(80), warehouse: IdSchema.optional() }).strict(),
    response: Rows,
  },
  adminUsers: { method: 'GET', path: '/v1/admin/users', auth: 'admin', response: Rows },
  adminPutUser: {
    method: 'PUT',
    path: '/v1/admin/users/:login',
    auth: 'admin',
    params: z.object({ login: z.string().regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'lower-case letters, digits, . _ @ - (2–64)') }).strict(),
    body: z.object({ name: Text(120), role: z.enum(HQ_ROLES), warehouseId: IdSchema.nullable(), password: z.string().max(200).optional() }).strict(),
    response: HqUserSchema,
    bodyLimit: 4096,
  },
  adminDisableUser: {
    method: 'POST',
    path: '/v1/admin/users/:login/disable',
    auth: 'admin',
    params: z.object({ login: z.string().regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/) }).strict(),
    response: z.object({ disabled: z.boolean() }),
  },
  adminWarehouses: { method: 'GET', path: '/v1/admin/warehouses', auth: 'admin', can: 'read', response: Rows },
  adminPutWarehouse: {
    method: 'PUT',
    path: '/v1/admin/warehouses/:warehouseId',
    auth: 'admin',
    params: WarehouseParams,
    body: z
      .object({ name: Text(200).optional(), timeZone: z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').optional() })
      .strict(),
    response: z.object({ warehouseId: z.string() }),
    bodyLimit: 4096,
  },
  adminStations: {
    method: 'GET',
    path: '/v1/admin/stations',
    auth: 'admin',
    can: 'read',
    query: WarehouseQuery,
    response: z.object({ rows: z.array(StationRowSchema) }),
  },
  adminIssueCode: {
    method: 'POST',
    path: '/v1/admin/stations/:warehouseId/:stationId/code',
    auth: 'admin',
    params: StationParams,
    body: z
      .object({
        hours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30)
          .default(24),
      })
      .strict(),
    response: z.object({ code: z.string(), expiresInHours: z.number() }),
    bodyLimit: 4096,
  },
  adminRevokeStation: {
    method: 'POST',
    path: '/v1/admin/stations/:warehouseId/:stationId/revoke',
    auth: 'admin',
    params: StationParams,
    response: z.object({ revoked: z.boolean(), codesRevoked: z.number() }),
  },
  adminReportKeys: { method: 'GET', path: '/v1/admin/report-keys', auth: 'admin', response: z.object({ rows: z.array(ReportKeyRowSchema) }) },
  adminIssueReportKey: {
    method: 'POST',
    path: '/v1/admin/report-keys',
    auth: 'admin',
    body: z.object({ name: Text(200), warehouseId: IdSchema.optional(), days: z.number().int().min(1).max(3660).optional() }).strict(),
    response: z.object({ id: z.string(), key: z.string() }),
    bodyLimit: 4096,
  },
  adminRevokeReportKey: {
    method: 'POST',
    path: '/v1/admin/report-keys/:id/revoke',
    auth: 'admin',
    params: z.object({ id: z.string().regex(/^[0-9a-f]{12}$/) }).strict(),
    response: z.object({ revoked: z.boolean() }),
  },
  adminLoadReference: {
    method: 'POST',
    path: '/v1/admin/reference/:warehouseId',
    auth: 'admin',
    params: WarehouseParams,
    body: z
      .object({
        files: z
          .array(z.object({ name: Text(200), text: z.string().max(50 * 1024 * 1024) }).strict())
          .min(1)
          .max(20),
      })
      .strict(),
    response: z.object({ rows: z.number() }),
    bodyLimit: 64 * 1024 * 1024,
  },
  /** Reference data per warehouse and kind: how many rows, when last loaded and by whom. */
  adminReference: { method: 'GET', path: '/v1/admin/reference', auth: 'admin', can: 'read', query: WarehouseQuery, response: Rows },
  /** The sample reference data (the station's "Load sample data"), for a demo HQ with names. */
  adminLoadSample: {
    method: 'POST',
    path: '/v1/admin/reference/:warehouseId/sample',
    auth: 'admin',
    params: WarehouseParams,
    response: z.object({ rows: z.number() }),
  },
  /** The customer webhook: steps waiting or failing (with the error), and the latest delivered. */
  adminWebhooks: { method: 'GET', path: '/v1/admin/webhooks', auth: 'admin', can: 'read', query: WarehouseQuery, response: Rows },
  /** A failing delivery tried again now, rather than after its back-off. */
  adminRetryWebhook: {
    method: 'POST',
    path: '/v1/admin/webhooks/:id/retry',
    auth: 'admin',
    params: z.object({ id: z.string().regex(/^\d{1,19}$/) }).strict(),
    response: z.object({ retried: z.boolean() }),
  },
  adminDeleteReference: {
    method: 'DELETE',
    path: '/v1/admin/reference/:warehouseId/:kind/:key',
    auth: 'admin',
    params: z.object({ warehouseId: IdSchema, kind: z.enum(['expectedReturn', 'catalog', 'policy', 'user']), key: Text(200) }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  adminLoadSales: {
    method: 'POST',
    path: '/v1/admin/sales/:warehouseId',
    auth: 'admin',
    params: WarehouseParams,
    body: z.object({ csv: z.string().max(50 * 1024 * 1024) }).strict(),
    response: z.object({ rows: z.number() }),
    bodyLimit: 64 * 1024 * 1024,
  },
  adminAdvanceTask: {
    method: 'POST',
    path: '/v1/admin/tasks/:warehouseId/:taskId',
    auth: 'admin',
    can: 'refunds',
    params: z.object({ warehouseId: IdSchema, taskId: Text(64) }).strict(),
    body: z
      .object({
        status: z.enum(['submitted', 'paid', 'denied', 'done', 'awarded', 'refused']),
        by: Text(64),
        note: Text(500).optional(),
        points: z.number().int().nonnegative().max(100_000_000).optional(),
      })
      .strict(),
    response: z.object({ taskId: z.string(), status: z.string() }),
    bodyLimit: 4096,
  },
  adminResolveException: {
    method: 'POST',
    path: '/v1/admin/exceptions/:warehouseId/:exceptionId/resolve',
    auth: 'admin',
    can: 'exceptions',
    params: z.object({ warehouseId: IdSchema, exceptionId: Text(64) }).strict(),
    body: z.object({ by: Text(64), resolution: Text(1000) }).strict(),
    response: z.object({ resolved: z.boolean() }),
    bodyLimit: 8192,
  },
  adminSettleRefundConflict: {
    method: 'POST',
    path: '/v1/admin/refund-conflicts/:warehouseId/:rmaNo/settle',
    auth: 'admin',
    can: 'refunds',
    params: z.object({ warehouseId: IdSchema, rmaNo: Text(40) }).strict(),
    body: z.object({ decision: z.enum(['release', 'deny']), by: Text(64), reason: Text(500) }).strict(),
    response: z.object({ released: z.number(), denied: z.number() }),
    bodyLimit: 4096,
  },
} as const satisfies Record<string, HqRoute>;

export type HqRouteName = keyof typeof HQ_ROUTES;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;
export type RouteParams<N extends HqRouteName> = Out<(typeof HQ_ROUTES)[N] extends { params: infer P } ? P : undefined>;
export type RouteQuery<N extends HqRouteName> = Out<(typeof HQ_ROUTES)[N] extends { query: infer Q } ? Q : undefined>;
export type RouteBody<N extends HqRouteName> = (typeof HQ_ROUTES)[N] extends { body: 'bytes' }
  ? Uint8Array
  : Out<(typeof HQ_ROUTES)[N] extends { body: infer B } ? B : undefined>;
export type RouteBodyInput<N extends HqRouteName> = (typeof HQ_ROUTES)[N] extends { body: 'bytes' }
  ? Uint8Array
  : In<(typeof HQ_ROUTES)[N] extends { body: infer B } ? B : undefined>;
export type RouteQueryInput<N extends HqRouteName> = In<(typeof HQ_ROUTES)[N] extends { query: infer Q } ? Q : undefined>;
export type RouteResponse<N extends HqRouteName> = (typeof HQ_ROUTES)[N] extends { response: infer R } ? Out<R> : unknown;

/** A route's path with its parameters filled in (each encoded). */
export function routePath(name: HqRouteName, params: Record<string, string> = {}): string {
  return HQ_ROUTES[name].path.replace(/:([A-Za-z0-9]+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${name}: no value for :${key}`);
    return encodeURIComponent(value);
  });
}
