import rateLimit from '@fastify/rate-limit';
import { serveUpdates } from './updates';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import { describeZodError } from '../../shared/errors';
import { BLOB_MAX_BYTES, EnrolRequestSchema, PUSH_BATCH_MAX, PushRequestSchema, Sha256Hex } from '../../shared/sync/protocol';
import { sha256Hex, stationForToken, type StationIdentity } from './auth';
import { enrol } from './enrol';
import { pullPage } from './pull';
import { applyPush } from './push';
import { PushRefused } from './push-refused';
import { dayCloses, evidencePack, giftTasks, intake, returnRate, openExceptions, RangeQuerySchema, type RangeQuery, readerForKey, refundsByCurrency, returnsCsv, returnTimeline, scopeOf } from './reports';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

export interface HqOptions {
  pool: pg.Pool;
  database: { kind: 'postgresql' | 'pglite'; where: string };
  logger?: boolean | object;
  /** Requests per minute per address; enrolment and failed sign-ins have their own, lower limits. */
  rateLimit?: { perMinute: number; enrolPerMinute: number; failedAuthPerMinute: number };
  /** Where the stations' update files are (HQ_UPDATES_DIR): served at /updates/<file>. */
  updatesDir?: string;
}

const DEFAULT_LIMITS = { perMinute: 6000, enrolPerMinute: 10, failedAuthPerMinute: 30 };

/**
 * HQ's HTTP API, versioned under /v1. Nodes keep no state of their own beyond rate-limit counters, so
 * several run behind one address. Every request but health and enrolment carries a station token and
 * is scoped to that token's warehouse and station; every 4xx answers `{ code, message }`.
 */
export async function buildHq(options: HqOptions) {
  const limits = options.rateLimit ?? DEFAULT_LIMITS;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 8 * 1024 * 1024 });
  await app.register(rateLimit, { max: limits.perMinute, timeWindow: '1 minute' });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: BLOB_MAX_BYTES }, (_req, body, done) => done(null, body));

  const fail = (reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}) => reply.code(status).send({ code, message, ...extra });
  // Failed sign-ins per address in the last minute: guessing tokens is slowed down per node.
  const failures = new Map<string, number[]>();
  /** Who signs in with this request's credentials (`find`), or null with the answer sent; failures are counted per address. */
  const signedIn = async <T>(req: FastifyRequest, reply: FastifyReply, find: (header: string | undefined) => Promise<T | null>, refusal: string): Promise<T | null> => {
    const now = Date.now();
    const recent = (failures.get(req.ip) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= limits.failedAuthPerMinute) {
      fail(reply, 429, 'too_many_failures', 'Too many failed sign-ins from this address: wait a minute.');
      return null;
    }
    const who = await find(req.headers.authorization);
    if (!who) {
      failures.set(req.ip, [...recent, now]);
      fail(reply, 401, 'unauthorized', refusal);
      return null;
    }
    return who;
  };
  const authenticate = (req: FastifyRequest, reply: FastifyReply): Promise<StationIdentity | null> =>
    signedIn(req, reply, (h) => stationForToken(options.pool, h), 'No valid station token: enrol the station (Settings → HQ).');

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof PushRefused) return fail(reply, err.status, err.code, err.message, err.extra);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return fail(reply, status, (err as { code?: string }).code?.toLowerCase() ?? 'bad_request', (err as Error).message);
    app.log.error(err);
    return fail(reply, 500, 'internal', 'HQ could not do that just now; the station will try again.');
  });

  app.get('/v1/health', async () => {
    await options.pool.query('select 1');
    return { ok: true, database: options.database.kind };
  });

  app.post('/v1/enrol', { config: { rateLimit: { max: limits.enrolPerMinute, timeWindow: '1 minute' } } }, async (req, reply) => {
    const body = EnrolRequestSchema.safeParse(req.body);
    if (!body.success) return fail(reply, 400, 'invalid_request', describeZodError(body.error));
    return enrol(options.pool, body.data);
  });

  app.post('/v1/sync/push', async (req, reply) => {
    const who = await authenticate(req, reply);
    if (!who) return reply;
    const body = PushRequestSchema.safeParse(req.body);
    if (!body.success) return fail(reply, 400, 'invalid_request', `${describeZodError(body.error)} (at most ${PUSH_BATCH_MAX} records a batch)`);
    return applyPush(options.pool, who, body.data);
  });

  app.get('/v1/sync/pull', async (req, reply) => {
    const who = await authenticate(req, reply);
    if (!who) return reply;
    const q = req.query as { checkpoint?: string; limit?: string };
    const limit = Math.min(1000, Math.max(1, Number(q.limit ?? 500) || 500));
    return pullPage(options.pool, who.warehouseId, String(q.checkpoint ?? ''), limit);
  });

  app.put('/v1/blobs/:sha256', async (req, reply) => {
    const who = await authenticate(req, reply);
    if (!who) return reply;
    const { sha256 } = req.params as { sha256: string };
    if (!Sha256Hex.safeParse(sha256).success) return fail(reply, 400, 'invalid_hash', 'The address must be the SHA-256 of the photo, in lower-case hex.');
    if (!Buffer.isBuffer(req.body)) return fail(reply, 415, 'unsupported_media_type', 'Send the photo as application/octet-stream.');
    if (sha256Hex(req.body) !== sha256) return fail(reply, 400, 'hash_mismatch', 'The photo does not match its SHA-256: it was damaged on the way. Send it again.');
    const r = await options.pool.query('insert into blobs (warehouse_id, sha256, bytes, size) values ($1, $2, $3, $4) on conflict do nothing', [who.warehouseId, sha256, req.body, req.body.length]);
    return reply.code(r.rowCount ? 201 : 200).send({ sha256, stored: true });
  });

  // The manager page: static files (no framework), reading the same endpoints with a report key.
  const PAGE_TYPES: Record<string, string> = { 'reports.html': 'text/html; charset=utf-8', 'reports.js': 'text/javascript; charset=utf-8', 'reports.css': 'text/css; charset=utf-8' };
  const page = async (file: string, reply: FastifyReply) =>
    reply
      .header('content-type', PAGE_TYPES[file]!)
      .header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'")
      .header('x-content-type-options', 'nosniff')
      .send(await readFile(new URL(`../public/${file}`, import.meta.url)));
  if (options.updatesDir) serveUpdates(app, options.updatesDir);
  app.get('/reports', (_req, reply) => page('reports.html', reply));
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
  app.get('/reports/:file', (req, reply) => {
    const { file } = req.params as { file: string };
    return Object.hasOwn(PAGE_TYPES, file) ? page(file, reply) : fail(reply, 404, 'not_found', 'No such file.');
  });

  // Reports: read with a report key (`hq report-key <name> [warehouse]`), scoped to its warehouse.
  const reader = async (req: FastifyRequest, reply: FastifyReply, warehouse?: string): Promise<string[] | null> => {
    const who = await signedIn(req, reply, (h) => readerForKey(options.pool, h), 'No valid report key: ask HQ’s admin for one (hq report-key).');
    if (!who) return null;
    const scope = scopeOf(who, warehouse);
    if (!scope) {
      fail(reply, 403, 'forbidden', `This key reads warehouse ${who.warehouseId} only.`);
      return null;
    }
    return scope;
  };
  const range = (req: FastifyRequest, reply: FastifyReply) => {
    const q = RangeQuerySchema.safeParse(req.query);
    if (!q.success) {
      fail(reply, 400, 'invalid_request', describeZodError(q.error));
      return null;
    }
    return q.data;
  };
  // The range reports: the same query checks and key scope, then one query each.
  const rangeReports: Record<string, (scope: string[], q: RangeQuery) => Promise<unknown>> = {
    intake: async (scope, q) => ({ rows: await intake(options.pool, scope, q) }),
    refunds: async (scope, q) => ({ rows: await refundsByCurrency(options.pool, scope, q) }),
    'return-rate': (scope, q) => returnRate(options.pool, scope, q),
    'gift-tasks': async (scope, q) => ({ rows: await giftTasks(options.pool, scope, q) }),
    'day-closes': async (scope, q) => ({ rows: await dayCloses(options.pool, scope, q) }),
  };
  for (const [name, report] of Object.entries(rangeReports)) {
    app.get(`/v1/reports/${name}`, async (req, reply) => {
      const q = range(req, reply);
      const scope = q && (await reader(req, reply, q.warehouse));
      return q && scope ? report(scope, q) : reply;
    });
  }
  app.get('/v1/reports/exceptions', async (req, reply) => {
    const warehouse = (req.query as { warehouse?: string }).warehouse;
    const scope = await reader(req, reply, warehouse);
    return scope ? { rows: await openExceptions(options.pool, scope) } : reply;
  });
  app.get('/v1/reports/returns.csv', async (req, reply) => {
    const q = range(req, reply);
    const scope = q && (await reader(req, reply, q.warehouse));
    if (!q || !scope) return reply;
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="returns-${q.warehouse ?? 'all'}-${q.from}-${q.to}.csv"`);
    return reply.send(Readable.from(returnsCsv(options.pool, scope, q)));
  });
  app.get('/v1/reports/evidence/:lpn', async (req, reply) => {
    const { lpn } = req.params as { lpn: string };
    if (!/^[A-Z0-9-]{1,32}$/.test(lpn)) return fail(reply, 400, 'invalid_request', 'An LPN is letters and digits.');
    const scope = await reader(req, reply, (req.query as { warehouse?: string }).warehouse);
    if (!scope) return reply;
    const pack = await evidencePack(options.pool, scope, lpn);
    return pack ?? fail(reply, 404, 'not_found', `No unit ${lpn} at HQ.`);
  });
  app.get('/v1/reports/returns/:rmaNo/timeline', async (req, reply) => {
    const { rmaNo } = req.params as { rmaNo: string };
    if (rmaNo.length > 40) return fail(reply, 400, 'invalid_request', 'An RMA number has at most 40 characters.');
    const scope = await reader(req, reply, (req.query as { warehouse?: string }).warehouse);
    return scope ? returnTimeline(options.pool, scope, rmaNo) : reply;
  });
  app.get('/v1/reports/photos/:warehouse/:sha256', async (req, reply) => {
    const { warehouse, sha256 } = req.params as { warehouse: string; sha256: string };
    if (!Sha256Hex.safeParse(sha256).success) return fail(reply, 400, 'invalid_hash', 'The address must be a SHA-256 in lower-case hex.');
    const scope = await reader(req, reply, warehouse);
    if (!scope) return reply;
    const row = (await options.pool.query<{ bytes: Buffer }>('select bytes from blobs where warehouse_id = $1 and sha256 = $2', [warehouse, sha256])).rows[0];
    return row ? reply.header('content-type', 'image/jpeg').send(row.bytes) : fail(reply, 404, 'not_found', 'No such photo at HQ.');
  });

  return app;
}
