/**
 * `npm run hq` starts HQ: `--port` (default 5190), `--host` (default 127.0.0.1), `--data-dir` (default
 * ./hq-data: the embedded database, and `run/` with the lock, the database's socket and the admin secret).
 * DATABASE_URL selects a PostgreSQL server instead. HQ_TRUST_PROXY says which proxies to believe about a
 * caller's address. `npm run hq -- admin …` manages warehouses, stations, keys and reference data (`admin help`).
 */
import { parseArgs } from 'node:util';
import { runAdmin } from './admin/cli';
import { DataDirHeld, holdDataDir, newAdminSecret, publishAdminAccess, withdrawAdminAccess } from './admin/run-files';
import { openDatabase } from './db';
import { migrate } from './migrate';
import { buildHq } from './server';
import { startStatisticsKeeper } from './statistics';
import { startWebhookDispatcher } from './webhook';

/** HQ_TRUST_PROXY: `true`, a number of hops, or addresses / CIDRs separated by commas. */
function trustProxy(value: string | undefined): boolean | number | string[] | undefined {
  if (!value) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '5190' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: 'hq-data' },
      badge: { type: 'string' },
      days: { type: 'string' },
      points: { type: 'string' },
      name: { type: 'string' },
      tz: { type: 'string' },
    },
  });
  const dataDir = values['data-dir']!;
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (positionals[0] === 'admin') {
    console.log(
      await runAdmin({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) }, positionals.slice(1), {
        ...(values.badge ? { badge: values.badge } : {}),
        ...(values.days ? { days: Number(values.days) } : {}),
        ...(values.points ? { points: Number(values.points) } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.tz ? { tz: values.tz } : {}),
      }),
    );
    return;
  }

  // The embedded database is opened by one process only: HQ holds its folder while it runs.
  const held = databaseUrl ? null : await holdDataDir(dataDir, 'hq');
  const database = await openDatabase({ ...(databaseUrl ? { databaseUrl } : {}), dataDir });
  const applied = await migrate(database.pool);
  const adminSecret = newAdminSecret();
  const proxy = trustProxy(process.env.HQ_TRUST_PROXY);
  // A push that lands wakes the webhook's dispatcher, so the customer hears within seconds, not a round later.
  const pushed = { wake: (): void => undefined };
  const app = await buildHq({
    pool: database.pool,
    database,
    onPushed: () => pushed.wake(),
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    adminSecret,
    ...(proxy !== undefined ? { trustProxy: proxy } : {}),
    ...(process.env.HQ_UPDATES_DIR ? { updatesDir: process.env.HQ_UPDATES_DIR } : {}),
  });
  app.log.info(
    { database: database.kind, where: database.where, migrations: applied },
    database.kind === 'pglite'
      ? `HQ runs on embedded PGlite in ${database.where} (set DATABASE_URL for a PostgreSQL server)`
      : `HQ runs on PostgreSQL at ${database.where}`,
  );
  const url = await app.listen({ port: Number(values.port), host: values.host! });
  // The admin CLI on this machine talks to this process, on loopback, with this start's secret.
  const loopback = `http://127.0.0.1:${new URL(url).port}`;
  await publishAdminAccess(dataDir, loopback, adminSecret);
  console.log(`HQ listening on ${url}`);
  // Customers see their return's progress: HQ calls this address on each step (HQ_WEBHOOK_URL, signed with HQ_WEBHOOK_SECRET).
  if (process.env.HQ_WEBHOOK_URL && !process.env.HQ_WEBHOOK_SECRET)
    throw new Error('HQ_WEBHOOK_URL is set without HQ_WEBHOOK_SECRET: the receiver could not tell HQ’s calls from anyone’s.');
  const webhook = process.env.HQ_WEBHOOK_URL
    ? startWebhookDispatcher(database.pool, {
        url: process.env.HQ_WEBHOOK_URL,
        secret: process.env.HQ_WEBHOOK_SECRET ?? '',
        onError: (err) => app.log.error({ err }, 'webhook round failed'),
      })
    : undefined;
  pushed.wake = () => webhook?.wake();
  const statistics = startStatisticsKeeper(database.pool, { onError: (err) => app.log.error({ err }, 'analyzing changed tables failed') });
  const stop = async () => {
    webhook?.stop();
    statistics.stop();
    await withdrawAdminAccess(dataDir);
    await app.close();
    await database.close();
    await held?.release();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof DataDirHeld ? `${err.message} Stop it first, or give this HQ another --data-dir.` : err instanceof Error ? err.message : err);
  process.exit(1);
});
