import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type HqDatabase } from '../../hq/src/db';
import { migrate } from '../../hq/src/migrate';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let announced = false;

/**
 * A fresh, migrated HQ database for one test file: a new database on TEST_DATABASE_URL's server, else on
 * the local PostgreSQL at 127.0.0.1:5432 when one answers, else an embedded PGlite directory. Says which.
 */
export async function freshHqDatabase(): Promise<HqDatabase & { url?: string; drop(): Promise<void> }> {
  // HQ_TEST_EMBEDDED=1 runs them on PGlite even where a server answers (to check the embedded path).
  const server = process.env.HQ_TEST_EMBEDDED ? undefined : (process.env.TEST_DATABASE_URL ?? ((await answers(DEFAULT_URL)) ? DEFAULT_URL : undefined));
  if (!announced) {
    console.log(
      server
        ? `HQ tests run on PostgreSQL at ${new URL(server).host}`
        : `HQ tests run on embedded PGlite (${process.env.HQ_TEST_EMBEDDED ? 'HQ_TEST_EMBEDDED is set' : 'no PostgreSQL answered at TEST_DATABASE_URL or 127.0.0.1:5432'})`,
    );
    announced = true;
  }
  if (server) {
    const name = `hq_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    await migrate(db.pool);
    return {
      ...db,
      url: url.toString(),
      async drop() {
        await db.close();
        const again = new pg.Client({ connectionString: server });
        await again.connect();
        await again.query(`drop database if exists ${name} with (force)`);
        await again.end();
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hq-test-'));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db.pool);
  return {
    ...db,
    async drop() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until every write transaction that began before this call has ended — on the whole server, other
 * test files' databases included (transaction ids are the server's). HQ serves a reference row only once no
 * older transaction is running (hq/src/pull.ts), so a pull right after a write can come back without it
 * while another file's transaction is open. Bounded: 20 s.
 */
export async function olderTransactionsEnded(pool: pg.Pool): Promise<void> {
  const mine = (await pool.query<{ xid: string }>('select pg_current_xact_id()::text as xid')).rows[0]!.xid;
  for (let tries = 0; tries < 400; tries++) {
    const { ended } = (await pool.query<{ ended: boolean }>('select pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 as ended', [mine])).rows[0]!;
    if (ended) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('a write transaction older than the test’s was still running after 20 s');
}
