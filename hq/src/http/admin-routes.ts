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

type SignIn = Parameters<typeof registerRoute>[2];

/** HQ's administration over HTTP (`/v1/admin/…`): what the CLI sends while HQ runs on the same data. */
export function registerAdminRoutes(app: FastifyInstance, pool: pg.Pool, signIn: SignIn) {
  registerRoute(app, 'adminWarehouses', signIn, async () => ({ rows: await listWarehouses(pool) }));
  registerRoute(app, 'adminPutWarehouse', signIn, async ({ params, body }) => {
    await addWarehouse(pool, params.warehouseId, body.name ?? '');
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
  registerRoute(app, 'adminAdvanceTask', signIn, async ({ params, body }) => advanceTask(pool, params.warehouseId, params.taskId, body));
  registerRoute(app, 'adminResolveException', signIn, async ({ params, body }) => resolveException(pool, params.warehouseId, params.exceptionId, body));
  registerRoute(app, 'adminSettleRefundConflict', signIn, async ({ params, body }) => settleRefundConflict(pool, params.warehouseId, params.rmaNo, body));
}
