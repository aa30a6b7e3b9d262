import '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { roleCan, type HqUser } from '../../../shared/hq-api/people';
import type { HqRoute } from '../../../shared/hq-api/routes';
import { userForSession } from '../people/users';
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

/** A person signed in to the console: who, and the session (its CSRF token, its key for signing out). */
export interface Person {
  user: HqUser;
  csrf: string;
  tokenHash: string;
}

export type Caller =
  | { kind: 'none' }
  | { kind: 'station'; station: StationIdentity }
  | { kind: 'report'; reader: ReportReader; person?: Person }
  | { kind: 'admin'; person?: Person }
  | { kind: 'user'; person: Person };

/** The console's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const SESSION_COOKIE = 'hq_session';
const CSRF_HEADER = 'x-csrf-token';

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

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
  /**
   * The person of a session cookie; a change (anything but GET) must also carry the session's CSRF token in
   * a header, which only HQ's own page can read. Null when the answer (401, 403) is sent.
   */
  const person = async (req: FastifyRequest, reply: FastifyReply): Promise<Person | null> => {
    const found = await attempt(
      req,
      reply,
      () => userForSession(pool, req.cookies?.[SESSION_COOKIE]),
      'Not signed in, or the session has ended: sign in again.',
    );
    if (!found) return null;
    const sent = req.headers[CSRF_HEADER];
    if (req.method !== 'GET' && req.method !== 'HEAD' && (typeof sent !== 'string' || !sameText(sent, found.csrf))) {
      fail(reply, 403, 'csrf_failed', 'A change must come from HQ’s own page (its CSRF token is missing or wrong).');
      return null;
    }
    return found;
  };
  return async (spec: Pick<HqRoute, 'auth' | 'can'>, req: FastifyRequest, reply: FastifyReply): Promise<Caller | null> => {
    switch (spec.auth) {
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
        // A report key (API clients) when one is sent, else the console's session: the person reads their warehouses.
        if (!req.headers.authorization && req.cookies?.[SESSION_COOKIE]) {
          const p = await person(req, reply);
          return p && { kind: 'report', reader: { name: p.user.login, warehouseId: p.user.warehouseId }, person: p };
        }
        const reader = await attempt(req, reply, () => readerForKey(pool, req.headers.authorization), 'No valid report key: ask HQ’s administrator for one.');
        return reader && { kind: 'report', reader };
      }
      case 'user': {
        const p = await person(req, reply);
        return p && { kind: 'user', person: p };
      }
      case 'admin': {
        // From the console: a person whose role may do this.
        if (!req.headers.authorization && req.cookies?.[SESSION_COOKIE]) {
          const p = await person(req, reply);
          if (!p) return null;
          const needed = spec.can ?? 'fleet';
          if (needed !== 'read' && !roleCan(p.user.role, needed)) {
            fail(reply, 403, 'forbidden', `The ${p.user.role} role may not do this.`);
            return null;
          }
          return { kind: 'admin', person: p };
        }
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
