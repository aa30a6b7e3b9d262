import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { RouteAuth } from '../../../shared/hq-api/routes';
import { sha256Hex, stationForToken, type StationIdentity } from '../auth';
import { readerForKey, type ReportReader } from '../reports/readers';
import { fail } from './errors';

/**
 * Failed sign-ins per address over the last minute: guessing tokens and keys is slowed down (per HQ node).
 * Kept small: addresses whose failures are all older than a minute are dropped as the map is used, and
 * the map never holds more than `maxAddresses` (the oldest go first).
 */
export class FailedSignIns {
  private readonly byAddress = new Map<string, number[]>();
  constructor(
    private readonly perMinute: number,
    private readonly maxAddresses = 50_000,
  ) {}
  private recent(address: string, now: number) {
    return (this.byAddress.get(address) ?? []).filter((t) => now - t < 60_000);
  }
  blocked(address: string, now = Date.now()) {
    return this.recent(address, now).length >= this.perMinute;
  }
  failed(address: string, now = Date.now()) {
    const times = [...this.recent(address, now), now];
    this.byAddress.delete(address);
    this.byAddress.set(address, times);
    if (this.byAddress.size > this.maxAddresses || this.byAddress.size % 1000 === 0) this.prune(now);
  }
  prune(now = Date.now()) {
    for (const [address, times] of this.byAddress) if (times.every((t) => now - t >= 60_000)) this.byAddress.delete(address);
    // Insertion order is last-failure order: the longest quiet go first.
    for (const address of this.byAddress.keys()) {
      if (this.byAddress.size <= this.maxAddresses) break;
      this.byAddress.delete(address);
    }
  }
  get size() {
    return this.byAddress.size;
  }
}

export type Caller = { kind: 'none' } | { kind: 'station'; station: StationIdentity } | { kind: 'report'; reader: ReportReader } | { kind: 'admin' };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who calls, by the route's `auth`, before its body is read: a station's token, a report key, or HQ's
 * administrator — the per-start secret (kept 0600 in HQ's run folder) from this machine only, never through
 * a proxy. Null when the answer (401, or 429 after too many failures) is already sent.
 */
export function signIn(pool: pg.Pool, failures: FailedSignIns, adminSecret: string | undefined) {
  const attempt = async <T>(req: FastifyRequest, reply: FastifyReply, find: () => Promise<T | null>, refusal: string): Promise<T | null> => {
    if (failures.blocked(req.ip)) {
      fail(reply, 429, 'too_many_failures', 'Too many failed sign-ins from this address: wait a minute.');
      return null;
    }
    const who = await find();
    if (!who) {
      failures.failed(req.ip);
      fail(reply, 401, 'unauthorized', refusal);
      return null;
    }
    return who;
  };
  const admin = (header: string | undefined, address: string | undefined) => {
    if (!adminSecret || !LOOPBACK.has(address ?? '')) return false;
    const given = Buffer.from(sha256Hex(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? ''), 'hex');
    return timingSafeEqual(given, Buffer.from(sha256Hex(adminSecret), 'hex'));
  };
  return async (auth: RouteAuth, req: FastifyRequest, reply: FastifyReply): Promise<Caller | null> => {
    switch (auth) {
      case 'none':
        return { kind: 'none' };
      case 'station': {
        const station = await attempt(
          req,
          reply,
          () => stationForToken(pool, req.headers.authorization),
          'No valid station token: enrol the station (Settings → HQ).',
        );
        return station && { kind: 'station', station };
      }
      case 'report': {
        const reader = await attempt(req, reply, () => readerForKey(pool, req.headers.authorization), 'No valid report key: ask HQ’s administrator for one.');
        return reader && { kind: 'report', reader };
      }
      case 'admin': {
        const ok = await attempt(
          req,
          reply,
          async () => (admin(req.headers.authorization, req.socket.remoteAddress) ? true : null),
          'Administration is only for HQ’s own machine, with the secret of the running HQ (use `npm run hq -- admin …` there).',
        );
        return ok && { kind: 'admin' };
      }
    }
  };
}
