import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { RangeQuery } from '../../../shared/hq-api/routes';
import { HqError } from '../errors';
import { evidencePack, returnTimeline } from '../reports/evidence';
import { containersReport, dockToStock } from '../reports/bench';
import { dayCloses, giftTasks, intake, openExceptions, refundConflicts, refundsByCurrency, refundsDue, returnRate, hqTasks } from '../reports/range';
import { scopeOf } from '../reports/readers';
import { returnsCsv } from '../reports/returns-csv';
import { fail } from './errors';
import { registerRoute } from './routes';
import type { Caller } from './sign-in';

type SignIn = Parameters<typeof registerRoute>[2];

/** The warehouses a report key may read for this request (403 for one it may not). */
export function scopeFor(caller: Caller, warehouse: string | undefined): string[] {
  if (caller.kind !== 'report') throw new Error('a report route without a report key');
  const scope = scopeOf(caller.reader, warehouse);
  if (!scope) throw new HqError('forbidden', `This key reads warehouse ${caller.reader.warehouseId} only.`);
  return scope;
}

/** What a photo is, by its first bytes: served as that type only, never guessed by the browser. */
function imageType(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** What people and systems at HQ read with a report key: range reports, the returns CSV, evidence, timelines, photos. */
export function registerReportRoutes(app: FastifyInstance, pool: pg.Pool, signIn: SignIn) {
  const ranged = {
    intake: (s: string[], q: RangeQuery) => intake(pool, s, q).then((rows) => ({ rows })),
    refunds: (s: string[], q: RangeQuery) => refundsByCurrency(pool, s, q).then((rows) => ({ rows })),
    giftTasks: (s: string[], q: RangeQuery) => giftTasks(pool, s, q).then((rows) => ({ rows })),
    dayCloses: (s: string[], q: RangeQuery) => dayCloses(pool, s, q).then((rows) => ({ rows })),
  };
  for (const [name, report] of Object.entries(ranged) as [keyof typeof ranged, (s: string[], q: RangeQuery) => Promise<{ rows: unknown[] }>][]) {
    registerRoute(app, name, signIn, async ({ query, caller }) => report(scopeFor(caller, query.warehouse), query));
  }
  registerRoute(app, 'returnRate', signIn, async ({ query, caller }) => returnRate(pool, scopeFor(caller, query.warehouse), query));
  registerRoute(app, 'exceptions', signIn, async ({ query, caller }) => ({ rows: await openExceptions(pool, scopeFor(caller, query.warehouse)) }));
  registerRoute(app, 'refundConflicts', signIn, async ({ query, caller }) => ({ rows: await refundConflicts(pool, scopeFor(caller, query.warehouse)) }));
  registerRoute(app, 'hqTasks', signIn, async ({ query, caller }) => ({ rows: await hqTasks(pool, scopeFor(caller, query.warehouse), query) }));
  registerRoute(app, 'refundsDue', signIn, async ({ query, caller }) => ({ rows: await refundsDue(pool, scopeFor(caller, query.warehouse)) }));
  registerRoute(app, 'containers', signIn, async ({ query, caller }) => ({ rows: await containersReport(pool, scopeFor(caller, query.warehouse), query) }));
  registerRoute(app, 'dockToStock', signIn, async ({ query, caller }) => dockToStock(pool, scopeFor(caller, query.warehouse), query));
  registerRoute(app, 'returnsCsv', signIn, async ({ query, caller, reply }) => {
    const parts = returnsCsv(pool, scopeFor(caller, query.warehouse), query);
    // The first part is read before the answer starts: a failure there is still a JSON answer.
    const first = await parts.next();
    async function* all() {
      if (!first.done) yield first.value;
      yield* parts;
    }
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="returns-${query.warehouse ?? 'all'}-${query.from}-${query.to}.csv"`);
    return reply.send(Readable.from(all()));
  });
  registerRoute(
    app,
    'evidence',
    signIn,
    async ({ params, query, caller, reply }) =>
      (await evidencePack(pool, scopeFor(caller, query.warehouse), params.lpn)) ?? fail(reply, 404, 'not_found', `No unit ${params.lpn} at HQ.`),
  );
  registerRoute(app, 'timeline', signIn, async ({ params, query, caller }) => returnTimeline(pool, scopeFor(caller, query.warehouse), params.rmaNo));
  registerRoute(app, 'photo', signIn, async ({ params, caller, reply }) => {
    scopeFor(caller, params.warehouseId);
    const row = (await pool.query<{ bytes: Buffer }>('select bytes from blobs where warehouse_id = $1 and sha256 = $2', [params.warehouseId, params.sha256]))
      .rows[0];
    if (!row) return fail(reply, 404, 'not_found', 'No such photo at HQ.');
    const type = imageType(row.bytes);
    reply
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=86400');
    if (!type) reply.header('content-disposition', `attachment; filename="${params.sha256}.bin"`);
    return reply.header('content-type', type ?? 'application/octet-stream').send(row.bytes);
  });
}
