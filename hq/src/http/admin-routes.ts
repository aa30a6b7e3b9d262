import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import {
  addWarehouse,
  advanceTask,
  resolveException,
  deleteReference,
  issueEnrolmentCode,
  issueReportKey,
  listReportKeys,
  listStations,
  listWarehouses,
  loadReferenceFiles,
  loadSalesCounts,
  upsertReference,
  reportKeyId,
  revokeReportKey,
  revokeStation,
  settleRefundConflict,
} from '../admin/operations';
import { sampleReference } from '../../../shared/reference/sample-data';
import { referenceSummary, retryWebhook, webhookDeliveries } from '../admin/fleet-views';
import { HqError } from '../errors';
import { registerRoute } from './routes';
import type { Caller } from './sign-in';

type SignIn = Parameters<typeof registerRoute>[2];

/** HQ's administration over HTTP (`/v1/admin/…`): what the CLI sends while HQ runs on the same data. */
export function registerAdminRoutes(app: FastifyInstance, pool: pg.Pool, signIn: SignIn) {
  // A person at the console acts in their own name: what they decide is recorded as theirs, whatever the body says.
  const signed = <B extends { by: string }>(caller: Caller, body: B): B =>
    caller.kind === 'admin' && caller.person ? { ...body, by: caller.person.user.login } : body;
  /** Who HQ's own audit says did it: the person at the console, or the administrator at HQ's machine. */
  const who = (caller: Caller) => (caller.kind === 'admin' && caller.person ? caller.person.user.login : 'admin');
  /** The one warehouse a person works for (null: every warehouse, or HQ's own machine). */
  const own = (caller: Caller) => (caller.kind === 'admin' ? (caller.person?.user.warehouseId ?? null) : null);
  registerRoute(app, 'adminWarehouses', signIn, async ({ caller }) => {
    const rows = await listWarehouses(pool);
    return { rows: own(caller) ? rows.filter((w) => w.warehouseId === own(caller)) : rows };
  });
  registerRoute(app, 'adminPutWarehouse', signIn, async ({ params, body, caller }) => {
    await addWarehouse(pool, params.warehouseId, body.name ?? '', who(caller), body.timeZone);
    return { warehouseId: params.warehouseId };
  });
  registerRoute(app, 'adminStations', signIn, async ({ query }) => ({ rows: await listStations(pool, query.warehouse) }));
  registerRoute(app, 'adminIssueCode', signIn, async ({ params, body, caller }) => ({
    code: await issueEnrolmentCode(pool, params.warehouseId, params.stationId, body.hours, who(caller)),
    expiresInHours: body.hours,
  }));
  registerRoute(app, 'adminRevokeStation', signIn, async ({ params, caller }) => ({
    revoked: true,
    ...(await revokeStation(pool, params.warehouseId, params.stationId, who(caller))),
  }));
  registerRoute(app, 'adminReportKeys', signIn, async ({ caller }) => {
    const rows = await listReportKeys(pool);
    return { rows: own(caller) ? rows.filter((k) => k.warehouseId === own(caller)) : rows };
  });
  registerRoute(app, 'adminIssueReportKey', signIn, async ({ body, caller }) => {
    if (own(caller) && body.warehouseId !== own(caller)) throw new HqError('forbidden', `This account gives keys for warehouse ${own(caller)} only.`);
    const key = await issueReportKey(pool, body.name, body.warehouseId, body.days, who(caller));
    return { id: reportKeyId(key), key };
  });
  registerRoute(app, 'adminRevokeReportKey', signIn, async ({ params, caller }) => {
    if (own(caller) && !(await listReportKeys(pool)).some((k) => k.id === params.id && k.warehouseId === own(caller)))
      throw new HqError('forbidden', `This account revokes keys of warehouse ${own(caller)} only.`);
    return { revoked: await revokeReportKey(pool, params.id, who(caller)) };
  });
  registerRoute(app, 'adminReference', signIn, async ({ query }) => ({ rows: await referenceSummary(pool, query.warehouse) }));
  registerRoute(app, 'adminLoadReference', signIn, async ({ params, body, caller }) => ({
    rows: await loadReferenceFiles(pool, params.warehouseId, body.files, who(caller)),
  }));
  registerRoute(app, 'adminLoadSample', signIn, async ({ params, caller }) => {
    const sample = sampleReference(new Date());
    const rows = [
      ...sample.expectedReturns.map((r) => ({ kind: 'expectedReturn', key: r.rmaNo, body: r })),
      ...sample.catalog.map((c) => ({ kind: 'catalog', key: c.gtin, body: c })),
      ...sample.policies.map((p) => ({ kind: 'policy', key: `${p.id}@${p.version}`, body: p })),
      ...sample.users.map((u) => ({ kind: 'user', key: u.id, body: u })),
    ];
    await upsertReference(pool, params.warehouseId, rows, who(caller));
    return { rows: rows.length };
  });
  registerRoute(app, 'adminDeleteReference', signIn, async ({ params, caller }) => ({
    deleted: await deleteReference(pool, params.warehouseId, params.kind, params.key, who(caller)),
  }));
  registerRoute(app, 'adminLoadSales', signIn, async ({ params, body, caller }) => ({
    rows: await loadSalesCounts(pool, params.warehouseId, body.csv, who(caller)),
  }));
  registerRoute(app, 'adminAdvanceTask', signIn, async ({ params, body, caller }) =>
    advanceTask(pool, params.warehouseId, params.taskId, signed(caller, body), who(caller)),
  );
  registerRoute(app, 'adminResolveException', signIn, async ({ params, body, caller }) =>
    resolveException(pool, params.warehouseId, params.exceptionId, signed(caller, body), who(caller)),
  );
  registerRoute(app, 'adminSettleRefundConflict', signIn, async ({ params, body, caller }) =>
    settleRefundConflict(pool, params.warehouseId, params.rmaNo, signed(caller, body), who(caller)),
  );
  registerRoute(app, 'adminWebhooks', signIn, async ({ query }) => ({ rows: await webhookDeliveries(pool, query.warehouse) }));
  registerRoute(app, 'adminRetryWebhook', signIn, async ({ params, caller }) => {
    const retried = await retryWebhook(pool, params.id, own(caller));
    if (!retried) throw new HqError('not_found', `No undelivered step ${params.id}.`);
    return { retried };
  });
}
