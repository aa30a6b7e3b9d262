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
