import type { StationDb } from '../db/station-db';
import { nextCounter } from './record-action';

/**
 * LPN + a two-character station tag + an eight-character counter, base 36: unique per station, never
 * reused. The tag is a hash of the station id for now; HQ assigns each station its own prefix at enrolment.
 */
export async function nextLpn(db: StationDb, stationId: string): Promise<string> {
  const seq = await nextCounter(db, 'lpnSeq');
  const tag = [...stationId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1296, 7).toString(36).toUpperCase().padStart(2, '0');
  return `LPN${tag}${seq.toString(36).toUpperCase().padStart(8, '0')}`;
}
