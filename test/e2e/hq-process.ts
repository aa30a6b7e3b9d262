import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type HqDatabase } from '../../hq/src/db';

const TSX = path.resolve('node_modules/.bin/tsx');
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Where an e2e HQ keeps its data: a fresh database on the local PostgreSQL, or a PGlite directory. */
export async function hqStorage(
  options: { embedded?: boolean } = {},
): Promise<{ kind: 'postgresql' | 'pglite'; env: Record<string, string>; dataDir: string; open(): Promise<HqDatabase>; drop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hq-e2e-'));
  const server = process.env.TEST_DATABASE_URL ?? DEFAULT_URL;
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 2000 });
  const reachable =
    !options.embedded &&
    (await admin.connect().then(
      () => true,
      () => false,
    ));
  if (!reachable || process.env.HQ_TEST_EMBEDDED) {
    await admin.end().catch(() => undefined);
    return { kind: 'pglite', env: {}, dataDir, open: () => openDatabase({ dataDir }), drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `hq_e2e_${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    kind: 'postgresql',
    env: { DATABASE_URL: url.toString() },
    dataDir,
    open: () => openDatabase({ databaseUrl: url.toString(), dataDir }),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `npm run hq -- admin …`, as an administrator types it; returns what it printed. */
export function hqAdmin(storage: { env: Record<string, string>; dataDir: string }, args: string[]): string {
  const r = spawnSync(TSX, ['hq/src/main.ts', '--data-dir', storage.dataDir, 'admin', ...args], {
    env: { ...process.env, ...storage.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`hq admin ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export interface HqProcess {
  url: string;
  port: number;
  /** Everything it printed so far (its log). */
  output(): string;
  stop(): Promise<void>;
}

/** `npm run hq` on a loopback port; resolves when it prints the address it listens on. */
export function startHq(storage: { env: Record<string, string>; dataDir: string }, port = 0, env: Record<string, string> = {}): Promise<HqProcess> {
  const child: ChildProcess = spawn(TSX, ['hq/src/main.ts', '--data-dir', storage.dataDir, '--port', String(port)], {
    env: { ...process.env, ...storage.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HQ did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /HQ listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          port: Number(m[2]),
          output: () => output,
          async stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`HQ exited with ${code}:\n${output}`));
    });
  });
}
