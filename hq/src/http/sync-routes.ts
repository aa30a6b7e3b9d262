import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { HqError } from '../errors';
import { sha256Hex, type StationIdentity } from '../auth';
import { enrol } from '../enrol';
import { jsonTextOf } from './json-body';
import { pullPage } from '../pull';
import { applyPush } from '../push/push';
import { registerRoute } from './routes';
import type { Caller } from './sign-in';

type SignIn = Parameters<typeof registerRoute>[2];

/** Photos a station may upload that none of its records names yet (a day's worth, at most). */
export const UNNAMED_PHOTOS_PER_DAY = 20;

const stationOf = (caller: Caller): StationIdentity => {
  if (caller.kind !== 'station') throw new Error('a station route without a station');
  return caller.station;
};

/** What stations call: enrolment, push, pull, photos — and the health check anyone may call. */
export function registerSyncRoutes(
  app: FastifyInstance,
  pool: pg.Pool,
  signIn: SignIn,
  options: { database: 'postgresql' | 'pglite'; enrolPerMinute: number; onPushed?: () => void },
) {
  registerRoute(app, 'health', signIn, async () => {
    await pool.query('select 1');
    return { ok: true, database: options.database };
  });
  registerRoute(app, 'enrol', signIn, async ({ body }) => enrol(pool, body), { perMinute: options.enrolPerMinute });
  registerRoute(app, 'push', signIn, async ({ body, caller, req }) => {
    const station = stationOf(caller);
    try {
      const answer = await applyPush(pool, station, body, jsonTextOf(req));
      options.onPushed?.();
      return answer;
    } catch (err) {
      // The fleet view says which station's trail HQ refused, and since when.
      if (err instanceof HqError && err.code === 'audit_chain_broken')
        await pool.query('update stations set audit_broken_at = now() where warehouse_id = $1 and station_id = $2', [station.warehouseId, station.stationId]);
      throw err;
    }
  });
  registerRoute(app, 'pull', signIn, async ({ query, caller }) => pullPage(pool, stationOf(caller).warehouseId, query.checkpoint, query.limit, query.with));
  registerRoute(
    app,
    'putBlob',
    signIn,
    async ({ params, body, caller, reply }) => {
      const station = stationOf(caller);
      if (sha256Hex(Buffer.from(body)) !== params.sha256)
        throw new HqError('hash_mismatch', 'The photo does not match its SHA-256: it was damaged on the way. Send it again.');
      const r = await pool.query('insert into blobs (warehouse_id, sha256, bytes, size, station_id) values ($1, $2, $3, $4, $5) on conflict do nothing', [
        station.warehouseId,
        params.sha256,
        body,
        body.length,
        station.stationId,
      ]);
      return reply.code(r.rowCount ? 201 : 200).send({ sha256: params.sha256, stored: true });
    },
    { beforeBody: (req, reply, caller) => photoNamed(pool, req, reply, stationOf(caller)) },
  );
}

/**
 * A station uploads the photos its own records name (they are pushed first), and only a few a day beyond
 * that: HQ is not a free file store for a stolen token. Checked before the photo's bytes are read.
 */
async function photoNamed(pool: pg.Pool, req: FastifyRequest, _reply: FastifyReply, station: StationIdentity) {
  const { sha256 } = req.params as { sha256?: string };
  if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return; // the route's own check answers
  const r = await pool.query<{ named: boolean; held: boolean; unnamed: number }>(
    `select exists (select 1 from photo_refs where warehouse_id = $1 and sha256 = $2 and station_id = $3) as named,
            exists (select 1 from blobs where warehouse_id = $1 and sha256 = $2) as held,
            (select count(*)::int from blobs b where b.warehouse_id = $1 and b.station_id = $3 and b.received_at > now() - interval '1 day'
               and not exists (select 1 from photo_refs r where r.warehouse_id = b.warehouse_id and r.sha256 = b.sha256)) as unnamed`,
    [station.warehouseId, sha256, station.stationId],
  );
  const { named, held, unnamed } = r.rows[0]!;
  if (named || held || unnamed < UNNAMED_PHOTOS_PER_DAY) return;
  throw new HqError(
    'photo_not_named',
    `No record of ${station.stationId} names photo ${sha256.slice(0, 12)}…: push the records first (the station does), then the photo.`,
  );
}
