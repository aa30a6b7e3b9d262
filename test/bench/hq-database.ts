import type pg from 'pg';
import { addWarehouse, issueEnrolmentCode } from '../../hq/src/admin';
import { freshHqDatabase } from '../helpers/hq-database';
import { Skipped } from './scenarios/types';

/** A fresh HQ database on a PostgreSQL server, or the scenario is skipped saying why it needs one. */
export async function freshPostgresOrSkip(why: string) {
  const hq = await freshHqDatabase();
  if (hq.kind !== 'postgresql' || !hq.url) {
    await hq.drop();
    throw new Skipped(`no PostgreSQL answered (${why})`);
  }
  return { ...hq, url: hq.url };
}

/** Warehouse WH-BENCH and station BENCH-1 enrolled with `installId` through HQ's real endpoint: its token and LPN prefix. */
export async function enrolBenchStation(pool: pg.Pool, url: string, installId: string): Promise<{ token: string; lpnPrefix: string }> {
  await addWarehouse(pool, 'WH-BENCH', 'bench');
  const code = await issueEnrolmentCode(pool, 'WH-BENCH', 'BENCH-1');
  const res = await fetch(`${url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ warehouseId: 'WH-BENCH', stationId: 'BENCH-1', code, installId }),
  });
  if (!res.ok) throw new Error(`enrolment refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; lpnPrefix: string };
}
