import { StationError } from '../../shared/errors';
import { containerIdOf, lpnOf, provisionalLpnPrefix } from '../../shared/sync/lpn-prefix';
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
  const r = await reserveCode(db, 'lpnSeq', lpnOf);
  return { lpn: r.code, commit: r.commit };
}

/** The next container id, as an LPN is reserved: the same prefix (so unique in the company), its own counter. */
export async function reserveContainerId(db: StationDb): Promise<{ id: string; commit: () => Promise<unknown> }> {
  const r = await reserveCode(db, 'containerSeq', containerIdOf);
  return { id: r.code, commit: r.commit };
}

async function reserveCode(
  db: StationDb,
  counterKey: string,
  codeOf: (prefix: string, seq: number) => string | null,
): Promise<{ code: string; commit: () => Promise<unknown> }> {
  // One call for the three (each call through Dexie costs ~0.1 ms of the accept's path on top of its request).
  const [counter, prefixRow, installRow] = await db.meta.bulkGet([counterKey, 'lpnPrefix', 'installId']);
  const seq = (typeof counter?.value === 'number' ? counter.value : 0) + 1;
  let install = typeof installRow?.value === 'string' ? installRow.value : null;
  const writes: Promise<unknown>[] = [];
  if (!install) {
    install = newId();
    writes.push(db.meta.put({ key: 'installId', value: install }));
  }
  const prefix = typeof prefixRow?.value === 'string' ? prefixRow.value : provisionalLpnPrefix(install);
  const code = codeOf(prefix, seq);
  if (!code)
    throw new StationError(
      'hq_not_enrolled',
      `This station has issued every LPN its provisional prefix ${prefix} allows: enrol it with HQ (Settings → HQ) to get its own prefix.`,
    );
  return { code, commit: () => Promise.all([...writes, db.meta.put({ key: counterKey, value: seq })]) };
}
