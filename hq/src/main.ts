/**
 * `npm run hq` starts HQ: `--port` (default 5190), `--host` (default 127.0.0.1), `--data-dir` for the
 * embedded database (default ./hq-data). DATABASE_URL selects a PostgreSQL server instead.
 * `npm run hq -- admin …` manages warehouses, stations and reference data (see `admin help`).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { addWarehouse, deleteReference, issueEnrolmentCode, loadReference, revokeStation, issueReportKey, loadSalesCounts } from './admin';
import { openDatabase } from './db';
import { migrate } from './migrate';
import { buildHq } from './server';
import { startWebhookDispatcher } from './webhook';

const ADMIN_HELP = `HQ administration:
  admin warehouse <WAREHOUSE-ID> [name]          add (or rename) a warehouse
  admin code <WAREHOUSE-ID> <STATION-ID> [hours]  a one-time enrolment code for a station (adds the station)
  admin revoke <WAREHOUSE-ID> <STATION-ID>        the station's token stops working
  admin load <WAREHOUSE-ID> <file.csv|json> …     expected returns, catalog, policies, users for the stations
  admin delete <WAREHOUSE-ID> <kind> <key>        remove a reference row (stations delete it on their next pull)
  admin sales <WAREHOUSE-ID> <sales.csv>           units sold per day and category (day,category,unitsSold), for return rates
  admin report-key <name> [WAREHOUSE-ID]         a key to read the reports (/v1/reports/…), for one warehouse or all`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string', default: '5190' }, host: { type: 'string', default: '127.0.0.1' }, 'data-dir': { type: 'string', default: 'hq-data' } },
  });
  const database = await openDatabase({ ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}), dataDir: values['data-dir']! });
  const applied = await migrate(database.pool);
  if (positionals[0] === 'admin') {
    try {
      console.log(await admin(database.pool, positionals.slice(1)));
    } finally {
      await database.close();
    }
    return;
  }
  const app = await buildHq({ pool: database.pool, database, logger: { level: process.env.LOG_LEVEL ?? 'info' }, ...(process.env.HQ_UPDATES_DIR ? { updatesDir: process.env.HQ_UPDATES_DIR } : {}) });
  app.log.info({ database: database.kind, where: database.where, migrations: applied }, database.kind === 'pglite' ? `HQ runs on embedded PGlite in ${database.where} (set DATABASE_URL for a PostgreSQL server)` : `HQ runs on PostgreSQL at ${database.where}`);
  const url = await app.listen({ port: Number(values.port), host: values.host! });
  console.log(`HQ listening on ${url}`);
  // Customers see their return's progress: HQ calls this address on each step (HQ_WEBHOOK_URL, signed with HQ_WEBHOOK_SECRET).
  if (process.env.HQ_WEBHOOK_URL && !process.env.HQ_WEBHOOK_SECRET) throw new Error('HQ_WEBHOOK_URL is set without HQ_WEBHOOK_SECRET: the receiver could not tell HQ’s calls from anyone’s.');
  const stopWebhook = process.env.HQ_WEBHOOK_URL
    ? startWebhookDispatcher(database.pool, { url: process.env.HQ_WEBHOOK_URL, secret: process.env.HQ_WEBHOOK_SECRET ?? '', onError: (err) => app.log.error({ err }, 'webhook round failed') })
    : () => undefined;
  const stop = async () => {
    stopWebhook();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

async function admin(pool: Parameters<typeof migrate>[0], args: string[]): Promise<string> {
  const [command, a, b, ...rest] = args;
  switch (command) {
    case 'warehouse':
      await addWarehouse(pool, a!, [b, ...rest].filter(Boolean).join(' '));
      return `warehouse ${a} ready`;
    case 'code':
      return `enrolment code for ${b} in ${a} (valid ${rest[0] ?? 24} h, once): ${await issueEnrolmentCode(pool, a!, b!, Number(rest[0] ?? 24))}`;
    case 'revoke':
      await revokeStation(pool, a!, b!);
      return `station ${b} in ${a} revoked`;
    case 'load':
      return `${await loadReference(pool, a!, [b!, ...rest])} reference rows loaded for ${a}`;
    case 'sales':
      return `${await loadSalesCounts(pool, a!, await readFile(b!, 'utf8'))} sales counts loaded for ${a}`;
    case 'report-key':
      return `report key for ${a}${b ? ` (warehouse ${b})` : ' (every warehouse)'}, shown once: ${await issueReportKey(pool, a ?? '', b)}`;
    case 'delete':
      await deleteReference(pool, a!, b!, rest[0]!);
      return `${b} ${rest[0]} removed from ${a}`;
    default:
      return ADMIN_HELP;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
