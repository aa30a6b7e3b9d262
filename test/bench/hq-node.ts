// One HQ node for the fleet bench: the real server on DATABASE_URL. Every simulated station connects from
// 127.0.0.1 here, so the per-address limits (meant for one station each) are raised. With HQ_WEBHOOK_URL it
// calls the shop's webhook as HQ's main does, woken by each push; it keeps the tables' statistics as main does.
import { openDatabase } from '../../hq/src/db';
import { buildHq } from '../../hq/src/server';
import { startStatisticsKeeper } from '../../hq/src/statistics';
import { startWebhookDispatcher } from '../../hq/src/webhook';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, dataDir: '' });
const pushed = { wake: (): void => undefined };
const app = await buildHq({
  pool: database.pool,
  database,
  rateLimit: { perMinute: 100_000_000, enrolPerMinute: 1_000_000, failedAuthPerMinute: 1000 },
  onPushed: () => pushed.wake(),
});
const webhook = process.env.HQ_WEBHOOK_URL
  ? startWebhookDispatcher(database.pool, { url: process.env.HQ_WEBHOOK_URL, secret: 'bench', onError: (err) => console.error('webhook round failed', err) })
  : undefined;
pushed.wake = () => webhook?.wake();
const statistics = startStatisticsKeeper(database.pool, { onError: (err) => console.error('analyzing changed tables failed', err) });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`HQ node ${url}`);
process.on('SIGTERM', () => {
  webhook?.stop();
  statistics.stop();
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
