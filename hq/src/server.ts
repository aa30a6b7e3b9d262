import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type pg from 'pg';
import { answerEveryErrorAsJson } from './http/errors';
import { registerAdminRoutes } from './http/admin-routes';
import { limitJsonDepth } from './http/json-body';
import { registerConsole } from './http/console-pages';
import { registerPages } from './http/pages';
import { registerSessionRoutes } from './http/session-routes';
import { registerReportRoutes } from './http/report-routes';
import { FailedSignIns, signIn } from './http/sign-in';
import { registerSyncRoutes } from './http/sync-routes';
import { serveUpdates } from './updates';
import { HqError } from './errors';

export interface HqOptions {
  pool: pg.Pool;
  database: { kind: 'postgresql' | 'pglite'; where: string };
  logger?: boolean | object;
  /** Requests per minute per address; enrolment and failed sign-ins have their own, lower limits. */
  rateLimit?: { perMinute: number; enrolPerMinute: number; failedAuthPerMinute: number };
  /** Where the stations' update files are (HQ_UPDATES_DIR): served at /updates/<file>. */
  updatesDir?: string;
  /**
   * Behind a load balancer: which hops to believe about the caller's address (Fastify's `trustProxy`: true,
   * a number of hops, or addresses/CIDRs). Without it every station would share the balancer's address,
   * and its rate limits.
   */
  trustProxy?: boolean | number | string[];
  /** The running HQ's administration secret (see admin/run-files.ts); without one, /v1/admin answers 401. */
  adminSecret?: string;
  /** Called after each push HQ took (what wakes the webhook's dispatcher). */
  onPushed?: () => void;
}

const DEFAULT_LIMITS = { perMinute: 6000, enrolPerMinute: 10, failedAuthPerMinute: 30 };

/**
 * HQ's HTTP API (shared/hq-api/routes.ts), versioned under /v1. Nodes keep no state of their own beyond
 * rate-limit counters, so several run behind one address. Every caller signs in before its body is read;
 * every 4xx and 5xx answers `{ code, message }`.
 */
export async function buildHq(options: HqOptions) {
  const limits = options.rateLimit ?? DEFAULT_LIMITS;
  const proxy = options.trustProxy;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 8 * 1024 * 1024,
    trustProxy: typeof proxy === 'number' ? (_address: string, hop: number) => hop < proxy : (proxy ?? false),
  });
  answerEveryErrorAsJson(app);
  await app.register(rateLimit, {
    max: limits.perMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, context) =>
      new HqError('rate_limited', `Too many requests from this address: try again in ${Math.ceil(context.ttl / 1000)} s.`),
  });
  // A URL with a NUL or another control character is refused before any route reads it.
  app.addHook('onRequest', async (req) => {
    if (/%(?:0[0-9a-f]|1[0-9a-f]|7f)/i.test(req.url) || /[\u0000-\u001f\u007f]/.test(req.url))
      throw new HqError('invalid_request', 'The address holds a control character.');
  });
  limitJsonDepth(app);
  await app.register(cookie);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const sign = signIn(options.pool, new FailedSignIns(limits.failedAuthPerMinute), options.adminSecret);
  registerSyncRoutes(app, options.pool, sign, { database: options.database.kind, enrolPerMinute: limits.enrolPerMinute, onPushed: options.onPushed });
  registerReportRoutes(app, options.pool, sign);
  registerAdminRoutes(app, options.pool, sign);
  registerSessionRoutes(app, options.pool, sign);
  registerPages(app);
  await registerConsole(app);
  if (options.updatesDir) serveUpdates(app, options.updatesDir);
  return app;
}
