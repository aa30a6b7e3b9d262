import { StationError } from '../../shared/errors';
import { lpnOf, provisionalLpnPrefix } from '../../shared/sync/lpn-prefix';
import type { StationDb } from '../db/station-db';
import { newId } from './common';

/**
 * Inside the caller's transaction (which holds `meta`): the next LPN, read in one trip, with `commit` to
 * advance the counter — issued with the action's other writes, so it is all or nothing. Enrolled, the
 * prefix is HQ's, unique in the company and new at every enrolment, so a cleared store that starts its
 * counter over never repeats an LPN. Before enrolment it is the install's own (shared/sync/lpn-prefix.ts):
 * two fresh stations never print the same LPNs, whatever they are called.
 */
export async function reserveLpn(db: StationDb): Promise<{ lpn: string; commit: () => Promise<unknown> }> {
  const [counter, prefixRow, installRow] = await Promise.all([db.meta.get('lpnSeq'), db.meta.get('lpnPrefix'), db.meta.get('installId')]);
  const seq = (typeof counter?.value === 'number' ? counter.value : 0) + 1;
  let install = typeof installRow?.value === 'string' ? installRow.value : null;
  const writes: Promise<unknown>[] = [];
  if (!install) {
    install = newId();
    writes.push(db.meta.put({ key: 'installId', value: install }));
  }
  const prefix = typeof prefixRow?.value === 'string' ? prefixRow.value : provisionalLpnPrefix(install);
  const lpn = lpnOf(prefix, seq);
  if (!lpn)
    throw new StationError(
      'hq_not_enrolled',
      `This station has issued every LPN its provisional prefix ${prefix} allows: enrol it with HQ (Settings → HQ) to get its own prefix.`,
    );
  return { lpn, commit: () => Promise.all([...writes, db.meta.put({ key: 'lpnSeq', value: seq })]) };
}
