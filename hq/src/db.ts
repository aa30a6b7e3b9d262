import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { ensureRunDir, runDir } from './admin/run-files';

export interface HqDatabase {
  pool: pg.Pool;
  /** Which database this HQ runs on, for the log and /v1/health. */
  kind: 'postgresql' | 'pglite';
  /** Where: the server's host and database, or the embedded data directory. */
  where: string;
  close(): Promise<void>;
}

/**
 * A PostgreSQL server when `databaseUrl` is given; otherwise an embedded PGlite data directory served on
 * a Unix socket inside HQ's run folder (0700: no other user of the machine can reach it, and PGlite has no
 * passwords), so HQ's code only ever speaks `pg`. PGlite runs one query at a time for all its
 * connections, so a transaction needs the connection to itself: the pool then holds one client.
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<HqDatabase> {
  if (options.databaseUrl) {
    // No JIT: HQ's statements are short, and on partitioned tables PostgreSQL's estimates pass its JIT
    // threshold, so it compiled queries for seconds (the console's search: 3.7 s of LLVM for a 40 ms query).
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, options: '-c jit=off' });
    // An idle connection the server closed (a restart, a failover) is replaced on next use, not fatal.
    pool.on('error', () => undefined);
    const url = new URL(options.databaseUrl);
    return { pool, kind: 'postgresql', where: `${url.hostname}:${url.port || 5432}${url.pathname}`, close: () => pool.end() };
  }
  await mkdir(options.dataDir, { recursive: true });
  await ensureRunDir(options.dataDir);
  // A socket's path has to fit in ~100 bytes: a deep data folder gets a private one under the temp folder.
  const inRun = runDir(options.dataDir);
  const socketDir = path.join(inRun, '.s.PGSQL.5432').length < 100 ? inRun : await mkdtemp(path.join(os.tmpdir(), 'hq-pg-'));
  const db = await PGlite.create(options.dataDir);
  // A socket left by a process that died: the caller holds the data folder (run-files.ts), so it is stale.
  await rm(path.join(socketDir, '.s.PGSQL.5432'), { force: true });
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432'), maxConnections: 4 });
  await server.start();
  const pool = new pg.Pool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', () => undefined);
  return {
    pool,
    kind: 'pglite',
    where: options.dataDir,
    async close() {
      await pool.end();
      await server.stop();
      await db.close();
      if (socketDir !== inRun) await rm(socketDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `work` in one transaction on one pooled connection: committed when it returns, rolled back when
 * it throws (the error goes on). `begin` may name an isolation level, e.g. 'begin isolation level repeatable read read only'.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'begin'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
