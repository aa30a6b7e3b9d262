import type { StationDb } from '../db/station-db';

/**
 * LPN + a three-character station prefix + a seven-character counter, base 36 (the station code pattern
 * `LPN` + 10). Enrolled, the prefix is HQ's, unique in the company and new at every enrolment, so a
 * cleared store that starts its counter over never repeats an LPN. Before enrolment it is `Z` and a hash
 * of the station id (HQ never gives out prefixes starting with Z).
 */
export async function nextLpn(db: StationDb, stationId: string): Promise<string> {
  const reserved = await reserveLpn(db);
  await reserved.commit();
  return reserved.lpnFor(stationId);
}

/**
 * Inside the caller's transaction: the next LPN, read in one trip, with `commit` to advance the counter —
 * issued with the action's other writes. The transaction makes it all or nothing.
 */
export async function reserveLpn(db: StationDb): Promise<{ lpnFor: (stationId: string) => string; commit: () => Promise<unknown> }> {
  const [counter, prefixRow] = await Promise.all([db.meta.get('lpnSeq'), db.meta.get('lpnPrefix')]);
  const seq = (typeof counter?.value === 'number' ? counter.value : 0) + 1;
  const assigned = prefixRow?.value;
  const prefix = (stationId: string) => (typeof assigned === 'string' ? assigned : `Z${[...stationId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1296, 7).toString(36).toUpperCase().padStart(2, '0')}`);
  return { lpnFor: (stationId) => `LPN${prefix(stationId)}${seq.toString(36).toUpperCase().padStart(7, '0')}`, commit: () => db.meta.put({ key: 'lpnSeq', value: seq }) };
}
