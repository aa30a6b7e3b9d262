// One HQ node for the fleet bench: the real server on DATABASE_URL. Every simulated station connects from
// 127.0.0.1 here, so the per-address limits (meant for one station each) are raised.
import { openDatabase } from '../../hq/src/db';
import { buildHq } from '../../hq/src/server';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, dataDir: '' });
const app = await buildHq({ pool: database.pool, database, rateLimit: { perMinute: 100_000_000, enrolPerMinute: 1_000_000, failedAuthPerMinute: 1000 } });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`HQ node ${url}`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
