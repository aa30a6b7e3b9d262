import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction } from './db';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Applies the SQL files in hq/migrations that have not run yet, in name order, each in its own
 * transaction. Several HQ nodes may start at once: an advisory lock lets one migrate and the others wait.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock(5190001)');
    await client.query('create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())');
    const done = new Set((await client.query<{ id: string }>('select id from schema_migrations')).rows.map((r) => r.id));
    const applied: string[] = [];
    for (const file of (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql')).sort()) {
      if (done.has(file)) continue;
      await client.query(await readFile(path.join(MIGRATIONS, file), 'utf8'));
      await client.query('insert into schema_migrations (id) values ($1)', [file]);
      applied.push(file);
    }
    await ensurePartitions(client, new Date());
    return applied;
  });
}

const PARTITIONED = [
  ['parcels', 'opened_at'],
  ['units', 'received_at'],
  ['refund_decisions', 'decided_at'],
  ['exceptions', 'created_at'],
  ['label_jobs', 'created_at'],
] as const;

/**
 * Monthly partitions from a year back to a year ahead of `now`, and a default one so a record from a
 * station with a wrong clock is still kept (and visible to fix), never refused.
 */
export async function ensurePartitions(client: pg.ClientBase, now: Date) {
  for (const [table, column] of PARTITIONED) {
    await client.query(`create table if not exists ${table}_default partition of ${table} default`);
    for (let m = -12; m <= 12; m++) {
      const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1));
      const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
      const name = `${table}_${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
      const exists = await client.query('select 1 from pg_class where relname = $1', [name]);
      if (exists.rowCount) continue;
      // A row already in the default partition for that month would block attaching it: leave it there.
      const stray = await client.query(`select 1 from ${table}_default where ${column} >= $1 and ${column} < $2 limit 1`, [from, to]);
      if (stray.rowCount) continue;
      await client.query(`create table ${name} partition of ${table} for values from ('${from.toISOString()}') to ('${to.toISOString()}')`);
    }
  }
}
