import type { StationDb } from '../db/station-db';
import { nextCounter } from './record-action';

/**
 * LPN + a three-character station prefix + a seven-character counter, base 36 (the station code pattern
 * `LPN` + 10). Enrolled, the prefix is HQ's, unique in the company and new at every enrolment, so a
 * cleared store that starts its counter over never repeats an LPN. Before enrolment it is `Z` and a hash
 * of the station id (HQ never gives out prefixes starting with Z).
 */
export async function nextLpn(db: StationDb, stationId: string): Promise<string> {
  const [seq, prefixRow] = await Promise.all([nextCounter(db, 'lpnSeq'), db.meta.get('lpnPrefix')]);
  const assigned = prefixRow?.value;
  const prefix = typeof assigned === 'string' ? assigned : `Z${[...stationId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1296, 7).toString(36).toUpperCase().padStart(2, '0')}`;
  return `LPN${prefix}${seq.toString(36).toUpperCase().padStart(7, '0')}`;
}
