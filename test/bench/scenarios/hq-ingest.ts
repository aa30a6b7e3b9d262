import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { postgresCpu, postgresCpuSince, postgresIsLocal, processCpuMs } from '../cpu';
import { startHqProcess } from '../hq-process';
import { analyzeWhatChanged } from '../../../hq/src/statistics';
import { PUSH_BATCH_MAX, PUSHES_IN_FLIGHT } from '../../../shared/sync/protocol';
import { enrolBenchStation, freshPostgresOrSkip } from '../hq-database';
import { parcelRecords, stationRecords } from '../station-records';
import type { Scenario, ScenarioResult } from './types';

const WARM_UP_BATCHES = 4;

/** The same rows again under another warehouse, the fastest way PostgreSQL takes them: COPY, table by table. */

/**
 * Every table the push wrote rows to (the record log, the typed tables, ownership, return steps and refund
 * state…), but the station's own rows (its enrolment), which a push only updates.
 */
async function tablesWritten(pool: pg.Pool): Promise<string[]> {
  const tables = await pool.query<{ relname: string }>(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid and a.attname = 'warehouse_id'
     where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition and c.relname not in ('stations', 'lpn_prefixes', 'warehouses', 'enrolment_codes')
     order by c.relname`,
  );
  const written: string[] = [];
  for (const { relname } of tables.rows) {
    const r = await pool.query(`select exists (select 1 from ${relname} where warehouse_id = 'WH-BENCH') as any`);
    if (r.rows[0].any) written.push(relname);
  }
  return written;
}

async function copyOut(client: pg.PoolClient, table: string, columns: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const others = columns.filter((c) => c !== 'warehouse_id');
  await pipeline(
    client.query(copyTo(`copy (select 'WH-COPY', ${others.join(', ')} from ${table} where warehouse_id = 'WH-BENCH') to stdout`)),
    async (source: AsyncIterable<unknown>) => {
      for await (const chunk of source) chunks.push(chunk as Buffer);
    },
  );
  return Buffer.concat(chunks);
}

async function columnsOf(client: pg.PoolClient, table: string): Promise<string[]> {
  const rows = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
     where table_name = $1 and table_schema = current_schema() and is_identity = 'NO' and coalesce(column_default, '') not like 'nextval(%'
     order by ordinal_position`,
    [table],
  );
  return rows.rows.map((r) => r.column_name);
}

/**
 * 2. HQ ingest through the real push endpoint (HTTP on loopback, HQ in its own process) vs PostgreSQL COPY of
 * the same rows: the CPU each spends per 10 000 records (HQ's process and PostgreSQL's, as the kernel counts
 * it), and the rates beside it.
 */
export const hqIngestScenario: Scenario = {
  id: 'hq-ingest',
  title: '2. HQ ingest: the real push endpoint vs COPY of the same rows (PostgreSQL)',
  async run({ quick }) {
    // This machine's CPU time wanders between runs (COPY's own 230 – 450 ms per 10 000): each run's push and COPY
    // side by side, three times over, the median run reported.
    const runs: ScenarioResult[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) runs.push(await ingestOnce(quick));
    const ratios = runs.map((r) => r.ratio).filter((r): r is number => r !== undefined);
    const median = ratios.length === runs.length ? runs.toSorted((a, b) => a.ratio! - b.ratio!)[Math.floor(runs.length / 2)]! : runs[0]!;
    return runs.length > 1
      ? { ...median, note: `${median.note}; ratios of ${runs.length} runs ${ratios.map((r) => r.toFixed(2)).join(', ')}, the median run's figures shown` }
      : median;
  },
};

/**
 * HQ's statistics round (`analyzeWhatChanged`, what its keeper runs every 30 s) once the server has counted the
 * warm-up's rows — HQ's connections report them when idle, within ~10 s; or autovacuum's, where it runs.
 */
async function statisticsKept(pool: pg.Pool): Promise<void> {
  // Where autovacuum runs, it is the one that would have analyzed them by now.
  if ((await pool.query<{ autovacuum: string }>('show autovacuum')).rows[0]!.autovacuum === 'on') {
    await pool.query('analyze');
    return;
  }
  for (let i = 0; i < 60; i++) {
    if ((await analyzeWhatChanged(pool)) > 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the warm-up’s rows were not counted by PostgreSQL in 15 s: its statistics cannot be kept');
}

/** One run: a fresh database, HQ in its own process, the push timed, then COPY of the same rows. */
async function ingestOnce(quick: boolean): Promise<ScenarioResult> {
  const hq = await freshPostgresOrSkip('COPY needs a server; PGlite is not measured');
  const node = await startHqProcess(hq.url);
  try {
    const n = (quick ? 10_000 : 40_000) + WARM_UP_BATCHES * PUSH_BATCH_MAX;
    const installId = randomUUID();
    const url = node.url;
    const { token, lpnPrefix } = await enrolBenchStation(hq.pool, url, installId);
    const items = stationRecords(await parcelRecords(), n, lpnPrefix);
    // The station's side (serializing its batches) is not HQ's ingest: done before the clock starts.
    const bodies: string[] = [];
    for (let i = 0; i < n; i += PUSH_BATCH_MAX) bodies.push(JSON.stringify({ installId, items: items.slice(i, i + PUSH_BATCH_MAX), audit: [] }));
    const push = async (body: string, ahead?: Promise<void>): Promise<void> => {
      const res = await fetch(`${url}/v1/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const text = await res.text();
      // Sent ahead, it reached the station's lock first: sent again once the one before landed, as the engine does.
      if (res.status === 409 && ahead && (JSON.parse(text) as { code?: string }).code === 'sequence_gap') return ahead.then(() => push(body));
      if (!res.ok) throw new Error(`push refused: ${res.status} ${text}`);
      const answer = JSON.parse(text) as { rejected: unknown[] };
      if (answer.rejected.length) throw new Error(`HQ refused records: ${JSON.stringify(answer.rejected.slice(0, 3))}`);
    };
    // As the station's sync engine sends a backlog: PUSHES_IN_FLIGHT batches on the way, in order.
    const send = async (some: string[]) => {
      const onTheWay: Promise<void>[] = [];
      for (const body of some) {
        onTheWay.push(push(body, onTheWay.at(-1)));
        if (onTheWay.length >= PUSHES_IN_FLIGHT) await onTheWay.shift();
      }
      await Promise.all(onTheWay);
    };
    // HQ runs for days: its first pushes (the JIT compiling, connections opening) are not timed.
    const warmUp = WARM_UP_BATCHES;
    await send(bodies.slice(0, warmUp));
    // Nor does it push into tables it has no statistics of: its keeper (or autovacuum) analyzes them within
    // 30 s of a warehouse's first rows. Without, the plans take a warehouse for empty (scanning all of its
    // refund states for each push: ~25 % more of PostgreSQL's CPU here).
    await statisticsKept(hq.pool);
    const timed = n - warmUp * PUSH_BATCH_MAX;
    const local = postgresIsLocal();
    const pgBefore = postgresCpu();
    const hqBefore = processCpuMs(node.child.pid!)!;
    const t0 = performance.now();
    await send(bodies.slice(warmUp));
    const pushPerS = timed / ((performance.now() - t0) / 1000);
    const hqCpuMs = processCpuMs(node.child.pid!)! - hqBefore;
    const pushPgCpuMs = postgresCpuSince(pgBefore);

    // Every row the push wrote (the record log, the typed tables, the return steps), copied back in.
    const client = await hq.pool.connect();
    const dumps: { table: string; columns: string[]; data: Buffer }[] = [];
    const tables = await tablesWritten(hq.pool);
    for (const table of tables) {
      const columns = await columnsOf(client, table);
      dumps.push({ table, columns, data: await copyOut(client, table, columns) });
    }
    const rows: Record<string, number> = Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, Number((await hq.pool.query(`select count(*) from ${t} where warehouse_id = 'WH-BENCH'`)).rows[0].count)])),
    );
    const pgBeforeCopy = postgresCpu();
    const t1 = performance.now();
    try {
      await client.query('begin');
      for (const { table, columns, data } of dumps)
        await pipeline(Readable.from([data]), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
      await client.query('commit');
    } finally {
      client.release();
    }
    const copyPerS = n / ((performance.now() - t1) / 1000);
    const copyCpuMs = postgresCpuSince(pgBeforeCopy);
    const per10k = (ms: number, records = timed) => (ms * 10_000) / records;
    const ratio = local ? per10k(hqCpuMs + pushPgCpuMs) / per10k(copyCpuMs, n) : undefined;
    return {
      figures: {
        records: n,
        push_cpu_ms_per_10k: per10k(hqCpuMs + pushPgCpuMs),
        hq_process_cpu_ms_per_10k: per10k(hqCpuMs),
        push_postgres_cpu_ms_per_10k: per10k(pushPgCpuMs),
        push_records_per_s: Math.round(pushPerS),
        rows_written: Object.values(rows).reduce((a, b) => a + b, 0),
      },
      baseline: { copy_cpu_ms_per_10k: per10k(copyCpuMs, n), copy_records_per_s: Math.round(copyPerS), rate_ratio: pushPerS / copyPerS },
      ratio,
      target: 'HQ + PostgreSQL CPU per record ≤ 2.5× COPY’s',
      met: ratio === undefined ? undefined : ratio <= 2.5,
      note: `${local ? 'CPU from /proc: HQ’s process (user + system) and every PostgreSQL process, while the push ran and while COPY ran' : 'PostgreSQL is not on this machine: its CPU cannot be read, rates only'}; ${PUSHES_IN_FLIGHT} batches of ${PUSH_BATCH_MAX} on the way; the ledger's own record mix (${[...new Set(items.map((i) => i.type))].join(', ')}); rows per table ${JSON.stringify(rows)}`,
    };
  } finally {
    await node.stop();
    await hq.drop();
  }
}
