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
  reportKeyId,
  revokeReportKey,
  revokeStation,
  settleRefundConflict,
} from '../admin/operations';
import { registerRoute } from './routes';
import type { Caller } from './sign-in';

type SignIn = Parameters<typeof registerRoute>[2];

/** HQ's administration over HTTP (`/v1/admin/…`): what the CLI sends while HQ runs on the same data. */
export function registerAdminRoutes(app: FastifyInstance, pool: pg.Pool, signIn: SignIn) {
  // A person at the console acts in their own name: what they decide is recorded as theirs, whatever the body says.
  const signed = <B extends { by: string }>(caller: Caller, body: B): B =>
    caller.kind === 'admin' && caller.person ? { ...body, by: caller.person.user.login } : body;
  registerRoute(app, 'adminWarehouses', signIn, async ({ caller }) => {
    const own = caller.kind === 'admin' ? caller.person?.user.warehouseId : null;
    const rows = await listWarehouses(pool);
    return { rows: own ? rows.filter((w) => w.warehouseId === own) : rows };
  });
  registerRoute(app, 'adminPutWarehouse', signIn, async ({ params, body }) => {
    await addWarehouse(pool, params.warehouseId, body.name ?? '', 'admin', body.timeZone);
    return { warehouseId: params.warehouseId };
  });
  registerRoute(app, 'adminStations', signIn, async ({ query }) => ({ rows: await listStations(pool, query.warehouse) }));
  registerRoute(app, 'adminIssueCode', signIn, async ({ params, body }) => ({
    code: await issueEnrolmentCode(pool, params.warehouseId, params.stationId, body.hours),
    expiresInHours: body.hours,
  }));
  registerRoute(app, 'adminRevokeStation', signIn, async ({ params }) => ({
    revoked: true,
    ...(await revokeStation(pool, params.warehouseId, params.stationId)),
  }));
  registerRoute(app, 'adminReportKeys', signIn, async () => ({ rows: await listReportKeys(pool) }));
  registerRoute(app, 'adminIssueReportKey', signIn, async ({ body }) => {
    const key = await issueReportKey(pool, body.name, body.warehouseId, body.days);
    return { id: reportKeyId(key), key };
  });
  registerRoute(app, 'adminRevokeReportKey', signIn, async ({ params }) => ({ revoked: await revokeReportKey(pool, params.id) }));
  registerRoute(app, 'adminLoadReference', signIn, async ({ params, body }) => ({ rows: await loadReferenceFiles(pool, params.warehouseId, body.files) }));
  registerRoute(app, 'adminDeleteReference', signIn, async ({ params }) => ({
    deleted: await deleteReference(pool, params.warehouseId, params.kind, params.key),
  }));
  registerRoute(app, 'adminLoadSales', signIn, async ({ params, body }) => ({ rows: await loadSalesCounts(pool, params.warehouseId, body.csv) }));
  registerRoute(app, 'adminAdvanceTask', signIn, async ({ params, body, caller }) =>
    advanceTask(pool, params.warehouseId, params.taskId, signed(caller, body)),
  );
  registerRoute(app, 'adminResolveException', signIn, async ({ params, body, caller }) =>
    resolveException(pool, params.warehouseId, params.exceptionId, signed(caller, body)),
  );
  registerRoute(app, 'adminSettleRefundConflict', signIn, async ({ params, body, caller }) =>
    settleRefundConflict(pool, params.warehouseId, params.rmaNo, signed(caller, body)),
  );
}
